using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Smu
{
    /// <summary>
    /// Which of the SMU's records the log's kept ring holds, so the last switches, faults and mode
    /// changes outlive any flood of others (a flapping cable, a service in a crash loop, an agent
    /// reconnecting, replayed frames). Only records an operator or a failover causes, a few per
    /// event, are kept, so nothing floods the kept ring itself; latched alarms are kept by
    /// <see cref="Alarms"/> (live ones, which follow a condition that may flap, are not).
    /// </summary>
    internal static class KeptRecords
    {
        /// <summary>How many records the kept ring holds: about ten failovers' worth.</summary>
        internal const int Capacity = 64;

        /// <summary>Marks the kept codes in <paramref name="journal"/>.</summary>
        internal static void Choose(Journal journal)
        {
            journal.Keep(EventCode.ModeChanged);
            journal.Keep(EventCode.ServerFault);
            journal.Keep(EventCode.ShutdownRequested);
            journal.Keep(EventCode.ForcedPowerOff);
            journal.Keep(EventCode.StorageReleased);
            journal.Keep(EventCode.StorageGranted);
            journal.Keep(EventCode.FitnessChecked);
            journal.Keep(EventCode.SwitchRequested);
            journal.Keep(EventCode.SwitchAcknowledged);
            journal.Keep(EventCode.SwitchAccepted);
            journal.Keep(EventCode.SwitchAbandoned);
            journal.Keep(EventCode.PowerOn);
            journal.Keep(EventCode.GrantTimeout);
            journal.Keep(EventCode.OperatorCommand);
            journal.Keep(EventCode.SiteOutage);
            journal.Keep(EventCode.MainsRestored);
            journal.Keep(EventCode.StorageLost);
            journal.Keep(EventCode.PowerOnAborted);
            journal.Keep(EventCode.BootLoop);
            journal.Keep(EventCode.ServerStillOn);
            journal.Keep(EventCode.GrantUnrequested);
            journal.Keep(EventCode.GrantProving);
            journal.Keep(EventCode.GrantTooSoon);
        }
    }
}
