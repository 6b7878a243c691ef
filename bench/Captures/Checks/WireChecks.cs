using ColdStandby.Protocol;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// A wire between two boxes probed at both ends (SMU A's StorageRequest and the DM's RequestA; the
/// DM's GrantA and SMU A's StorageGranted) must say the same at both, give or take the
/// optocoupler's switching time: when it does not, a cable, a connector or an opto is broken, and
/// the other checks only see one end's story.
/// </summary>
public static class WireChecks
{
    public static void Run(CaptureContext c)
    {
        foreach (var group in c.Signals.Mapped.Where(m => !m.Pin.IsUart && m.Pin.Role is SignalRole.Request or SignalRole.Grant)
                     .GroupBy(m => (m.Pin.Role, m.Pin.Side)).Where(g => g.Count() == 2))
        {
            var ends = group.ToList();
            string name = CapturePin.Describe(group.Key.Role, group.Key.Side);
            var differences = Disagreement.Between(ends[0].Waveform!, ends[1].Waveform!);
            foreach (var d in differences.Where(d => d.LengthPs > c.Ms(c.Spec.LineSkewMs)))
            {
                c.Error(d.FromPs, Area.Wiring, $"the two ends of {name} disagree for {TimeText.Span(d.LengthPs)}: {ends[0].Label} {(d.FirstLevel ? "asserted" : "not asserted")}, " +
                    $"{ends[1].Label} {(d.FirstLevel ? "not" : "")} asserted (a cable, connector or optocoupler?)".Replace("  ", " ", StringComparison.Ordinal));
            }

            c.Cover($"both ends of {name} ({ends[0].Label}, {ends[1].Label}): {Plural.Of(differences.Count, "stretch", "stretches")} apart");
        }
    }
}
