using ColdStandby.Hardware;
using ColdStandby.Protocol;

namespace ColdStandby.RecordStore.Tests;

/// <summary>
/// Deterministic record contents keyed by an attempt number, so a sequence number reused after a
/// torn write carries different contents from the torn attempt and a mix-up shows.
/// </summary>
internal static class TestEvents
{
    private static readonly EventCode[] Codes = Enum.GetValues<EventCode>().Where(c => c != EventCode.None).ToArray();

    public static long Time(int attempt) => 1_700_000_000_000L + (attempt * 1013L);

    public static EventCode Code(int attempt) => Codes[attempt % Codes.Length];

    public static Side SideOf(int attempt) => (Side)(attempt % 3);

    public static uint Argument(int attempt) => unchecked((uint)attempt * 2654435761u);

    public static uint Append(EventLog log, int attempt, bool keep = false) =>
        log.Append(Time(attempt), Code(attempt), SideOf(attempt), Argument(attempt), keep);

    /// <summary>Opens a log in <paramref name="region"/> and appends attempts 1 … <paramref name="count"/>.</summary>
    public static EventLog OpenAndAppend(INonVolatileRegion region, int count)
    {
        var log = new EventLog(region);
        for (int attempt = 1; attempt <= count; attempt++)
        {
            Append(log, attempt);
        }

        return log;
    }

    public static bool Matches(EventRecord record, uint sequence, int attempt) =>
        record.Sequence == sequence
        && record.Time == Time(attempt)
        && record.Code == Code(attempt)
        && record.Side == SideOf(attempt)
        && record.Argument == Argument(attempt);
}
