using ColdStandby.Bench.Simulation;
using ColdStandby.Protocol;
using ColdStandby.Smu.Tests.Harness;

namespace ColdStandby.Smu.Tests;

/// <summary>
/// Two real SMUs and the real DM in the bench's world under random faults — a server losing power,
/// an SMU rebooting, the peer cable cut for a while — at random times, one seed per case so a
/// failure can be replayed. The bench's safety monitor checks every property of DESIGN.md §2 after
/// every step (never both grants, never both Active, never a server pressed on without the grant …). After the faults stop and
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
        var system = Pair.Start(Mode.Active, 2, Mode.Standby, 2);
        var faults = new List<string>();
        long at = 2000;
        for (int i = random.Next(1, 5); i > 0; i--)
        {
            at += random.Next(500, 15_000);
            system.RunUntil(at);
            Side side = random.Next(2) == 0 ? Side.A : Side.B;
            switch (random.Next(3))
            {
                case 0:
                    if (system.Server(side).HasPower)
                    {
                        system.Server(side).TurnOff("the server loses its power");
                        faults.Add($"{at}: {side} loses power");
                    }

                    break;
                case 1:
                    long down = random.Next(50, 2500);
                    system.Inject(new Fault(FaultType.SmuReset, side, DurationMs: down));
                    faults.Add($"{at}: SMU {side} reboots for {down} ms");
                    break;
                default:
                    long cut = random.Next(100, 5000);
                    system.Inject(new Fault(FaultType.PeerCableCut, DurationMs: cut));
                    faults.Add($"{at}: peer cable cut for {cut} ms");
                    at += cut;
                    system.RunUntil(at);
                    break;
            }
        }

        system.RunUntil(at + 30_000);

        string story = string.Join("; ", faults);
        Pair.AssertSafe(system, $"seed {seed} [{story}]: ");
        var (a, b) = (system.SmuA.Firmware!, system.SmuB.Firmware!);
        var active = new[] { Side.A, Side.B }.Where(s => system.Smu(s).Mode == Mode.Active).ToList();
        bool bothFailed = a.Mode == Mode.Failed && b.Mode == Mode.Failed;
        Assert.True(
            bothFailed || (active.Count == 1 && system.Server(active[0]).HasPower && Pair.Holder(system) == active[0]),
            $"seed {seed} [{story}]: A {a.Mode}/{a.Phase} B {b.Mode}/{b.Phase} holder {Pair.Holder(system)}");
    }
}
