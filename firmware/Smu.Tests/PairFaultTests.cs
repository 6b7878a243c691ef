using ColdStandby.Protocol;
using ColdStandby.Smu.Tests.Harness;

namespace ColdStandby.Smu.Tests;

/// <summary>
/// Two real SMUs and a DM under random faults — a server losing power, an SMU rebooting, the peer
/// cable cut for a while — at random times, one seed per case so a failure can be replayed. The
/// safety properties are checked at every millisecond: never both servers on, never a server
/// pressed on without the grant, never both sides Active in service. After the faults stop and
/// the cable is whole, a side still able to serve is Active and powered, or both have failed.
/// </summary>
public class PairFaultTests
{
    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 60).Select(seed => new object[] { seed });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Safety_holds_under_random_faults(int seed)
    {
        var random = new Random(seed);
        var rig = new PairRig(new SmuConfig());
        PairRig.Persist(rig.A.Region, Mode.Active, 2);
        PairRig.Persist(rig.B.Region, Mode.Standby, 2);
        var faults = new List<string>();
        long at = 2000;
        for (int i = random.Next(1, 5); i > 0; i--)
        {
            at += random.Next(500, 15_000);
            rig.RunUntil(at);
            Side side = random.Next(2) == 0 ? Side.A : Side.B;
            switch (random.Next(3))
            {
                case 0:
                    if (rig[side].PowerGood.Value)
                    {
                        rig[side].PowerGood.Value = false;
                        faults.Add($"{at}: {side} loses power");
                    }

                    break;
                case 1:
                    long down = random.Next(50, 2500);
                    rig[side].Reboot(at, down);
                    faults.Add($"{at}: SMU {side} reboots for {down} ms");
                    break;
                default:
                    long cut = random.Next(100, 5000);
                    rig.LinkCut = true;
                    faults.Add($"{at}: peer cable cut for {cut} ms");
                    rig.RunUntil(at + cut);
                    rig.LinkCut = false;
                    at += cut;
                    break;
            }
        }

        rig.RunUntil(at + 30_000);

        string story = string.Join("; ", faults);
        Assert.True(rig.Violations.Count == 0, $"seed {seed} [{story}]: {string.Join(", ", rig.Violations.Take(5))}");
        var active = new[] { rig.A, rig.B }.Where(u => u.Smu.Mode == Mode.Active).ToList();
        bool bothFailed = rig.A.Smu.Mode == Mode.Failed && rig.B.Smu.Mode == Mode.Failed;
        Assert.True(
            bothFailed || (active.Count == 1 && active[0].PowerGood.Value && rig.Holder == active[0].Side),
            $"seed {seed} [{story}]: A {rig.A.Smu.Mode}/{rig.A.Smu.Phase} B {rig.B.Smu.Mode}/{rig.B.Smu.Phase} holder {rig.Holder}");
    }
}
