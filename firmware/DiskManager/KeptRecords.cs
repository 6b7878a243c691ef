using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Dm
{
    /// <summary>
    /// Which of the DM's records the log's kept ring holds, so the last grants, releases and fences
    /// outlive any flood of others (disk errors, a tool's refused requests, a reset loop). A grant
    /// changes hands at most once per hold-off and settle time, so these never flood the kept ring.
    /// </summary>
    internal static class KeptRecords
    {
        /// <summary>How many records the kept ring holds: the last 20 or so holders.</summary>
        internal const int Capacity = 64;

        /// <summary>Marks the kept codes in <paramref name="journal"/>.</summary>
        internal static void Choose(Journal journal)
        {
            journal.Keep(EventCode.GrantGiven);
            journal.Keep(EventCode.GrantRestored);
            journal.Keep(EventCode.GrantReleased);
            journal.Keep(EventCode.RequestConflict);
            journal.Keep(EventCode.Fenced);
        }
    }
}
