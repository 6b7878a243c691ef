namespace ColdStandby.Scenarios.Values
{
    /// <summary>
    /// Every kind of value a scenario names: the numbers, and each enum of the protocol and the DM with
    /// its members written out (nanoFramework cannot list an enum's names). <c>KindsTests</c> holds
    /// each table to the enum it copies, so a new member fails a test that says what to add here.
    /// </summary>
    public static class Kinds
    {
        /// <summary>A byte.</summary>
        public static readonly ValueKind U8 = ValueKind.Unsigned("u8", 1);

        /// <summary>An unsigned 16-bit number.</summary>
        public static readonly ValueKind U16 = ValueKind.Unsigned("u16", 2);

        /// <summary>An unsigned 32-bit number.</summary>
        public static readonly ValueKind U32 = ValueKind.Unsigned("u32", 4);

        /// <summary>A signed 32-bit number.</summary>
        public static readonly ValueKind I32 = ValueKind.Signed("i32", 4);

        /// <summary>A signed 64-bit number.</summary>
        public static readonly ValueKind I64 = ValueKind.Signed("i64", 8);

        /// <summary>A boolean.</summary>
        public static readonly ValueKind Bool = ValueKind.Boolean();

        /// <summary>ColdStandby.Protocol.Side.</summary>
        public static readonly ValueKind Side = ValueKind.Enum("Side", 1, "None=0 A=1 B=2");

        /// <summary>ColdStandby.Protocol.Mode.</summary>
        public static readonly ValueKind Mode = ValueKind.Enum("Mode", 1, "Unknown=0 Standby=1 Active=2 Failed=3");

        /// <summary>ColdStandby.Protocol.NodeKind.</summary>
        public static readonly ValueKind NodeKind = ValueKind.Enum("NodeKind", 1, "Smu=1 DiskManager=2 Agent=3 Tool=4 DiskController=5");

        /// <summary>ColdStandby.Protocol.HealthFlags.</summary>
        public static readonly ValueKind HealthFlags = ValueKind.Flags(
            "HealthFlags",
            2,
            "None=0x0 ServerPowered=0x1 PowerGood=0x2 OsUp=0x4 ServicesReady=0x8 RaidOk=0x10 LanOk=0x20 StorageRequested=0x40 StorageGranted=0x80 WatchdogArmed=0x100 AgentConnected=0x200 MaintenanceHold=0x400 All=0x7FF");

        /// <summary>ColdStandby.Protocol.AlarmFlags.</summary>
        public static readonly ValueKind AlarmFlags = ValueKind.Flags(
            "AlarmFlags",
            2,
            "None=0x0 ServerFault=0x1 PeerSilent=0x2 WholeSystemFailure=0x4 ServiceFailure=0x8 StorageTimeout=0x10 ForcedPowerOff=0x20 OnBattery=0x40 StorageLost=0x80 NoService=0x100 BatteryLow=0x200 All=0x3FF");

        /// <summary>ColdStandby.Protocol.SequencePhase.</summary>
        public static readonly ValueKind SequencePhase = ValueKind.Enum(
            "SequencePhase",
            1,
            "Idle=0 ShuttingDown=1 ReleasingStorage=2 CheckingStandby=3 RequestingSwitch=4 AwaitingGrant=5 Booting=6 Abandoned=7 Claiming=8 AwaitingMains=9");

        /// <summary>ColdStandby.Protocol.FaultKind.</summary>
        public static readonly ValueKind FaultKind = ValueKind.Enum(
            "FaultKind",
            1,
            "None=0 BootDeadline=1 Watchdog=2 RaidController=3 LanController=4 PowerLost=5 ServiceFailure=6 PlannedSwitchover=7");

        /// <summary>ColdStandby.Protocol.RefusalReason.</summary>
        public static readonly ValueKind RefusalReason = ValueKind.Enum(
            "RefusalReason",
            1,
            "None=0 NotHandled=1 WrongMode=2 StaleEpoch=3 Busy=4 OutOfRange=5 VersionMismatch=6 NotConfigured=7 NoSession=8 WrongSide=9 PeerUnavailable=10 StorageTimeout=11 ClockNotSet=12 ClockAhead=13 ServerOff=14");

        /// <summary>ColdStandby.Protocol.UnfitReason.</summary>
        public static readonly ValueKind UnfitReason = ValueKind.Enum(
            "UnfitReason",
            1,
            "None=0 NotStandby=1 ServerPowered=2 StorageHeld=3 Busy=4 Blocked=5");

        /// <summary>ColdStandby.Protocol.SwitchKind.</summary>
        public static readonly ValueKind SwitchKind = ValueKind.Enum("SwitchKind", 1, "Failover=1 Planned=2");

        /// <summary>ColdStandby.Protocol.OperatorCommandKind.</summary>
        public static readonly ValueKind OperatorCommandKind = ValueKind.Enum(
            "OperatorCommandKind",
            1,
            "None=0 PlannedSwitchover=1 MarkRepaired=2 AlarmReset=3");

        /// <summary>ColdStandby.Protocol.ControllerState.</summary>
        public static readonly ValueKind ControllerState = ValueKind.Enum("ControllerState", 1, "Unknown=0 Ok=1 Failed=2");

        /// <summary>ColdStandby.Protocol.EventCode.</summary>
        public static readonly ValueKind EventCode = ValueKind.Enum(
            "EventCode",
            1,
            "None=0 DmReset=1 GrantGiven=2 GrantRestored=3 GrantReleased=4 RequestConflict=5 Fenced=6 FenceRefused=7 TimeSet=8 DiskError=9 RequestWaiting=10 RequestRefused=11 DiskErrorRepeated=12 ClockStepBack=13 "
            + "SmuReset=64 ModeChanged=65 ServerFault=66 AlarmRaised=67 AlarmCleared=68 ShutdownRequested=69 ShutdownDone=70 ForcedPowerOff=71 StorageReleased=72 StorageGranted=73 FitnessChecked=74 "
            + "SwitchRequested=75 SwitchAcknowledged=76 SwitchAbandoned=77 PowerOn=78 PeerSilent=79 PeerReturned=80 ServiceFailure=81 CheckpointReached=82 OperatorCommand=83 StaleSwitchIgnored=84 "
            + "SwitchAccepted=85 GrantTimeout=86 AgentHello=87 MaintenanceStarted=88 MaintenanceEnded=89 PeerFlapping=90 ActiveNotBacked=96 SiteOutage=97 MainsRestored=98 StorageLost=99 PowerOnAborted=100 BootLoop=101 ServerStillOn=102 GrantUnrequested=103 PeerPhaseChanged=104 GrantProving=105 GrantTooSoon=106");

        /// <summary>ColdStandby.Protocol.AbandonReason.</summary>
        public static readonly ValueKind AbandonReason = ValueKind.Enum(
            "AbandonReason",
            1,
            "None=0 ServerWouldNotPowerOff=1 StorageNotReleased=2 StandbyUnfit=3 StandbySilent=4 SwitchRefused=5 SwitchUnanswered=6 PeerAlreadyActive=7");

        /// <summary>ColdStandby.Protocol.MessageType.</summary>
        public static readonly ValueKind MessageType = ValueKind.Enum(
            "MessageType",
            1,
            "Hello=1 Refusal=2 Accepted=3 TimeSet=4 StatusRequest=5 LogReadRequest=6 LogRecord=7 LogReadEnd=8 Heartbeat=16 FitnessQuery=17 FitnessReply=18 SwitchRequest=19 SwitchAck=20 "
            + "OperatorCommand=32 Kick=48 CheckpointReached=49 ControllerHealth=50 FaultReport=51 ShutdownRequest=52 ShutdownStarted=53 ShutdownDone=54 SmuStatus=55 MaintenanceHold=56 StorageStatus=64 Fence=65 DiskErrorReport=66");

        /// <summary>ColdStandby.Dm.SimultaneousRule.</summary>
        public static readonly ValueKind SimultaneousRule = ValueKind.Enum("SimultaneousRule", 1, "NotLastHolder=1 PreferA=2 PreferB=3");

        /// <summary>Every kind, for lookup by name.</summary>
        public static readonly ValueKind[] All =
        {
            U8, U16, U32, I32, I64, Bool, Side, Mode, NodeKind, HealthFlags, AlarmFlags, SequencePhase, FaultKind,
            RefusalReason, UnfitReason, SwitchKind, OperatorCommandKind, ControllerState, EventCode, MessageType,
            SimultaneousRule, AbandonReason,
        };

        /// <summary>The kind named <paramref name="name"/>, or null.</summary>
        /// <param name="name">An enum's name, or u8, u16, u32, i32, i64, bool.</param>
        /// <returns>The kind, or null.</returns>
        public static ValueKind Named(string name)
        {
            for (int i = 0; i < All.Length; i++)
            {
                if (All[i].Name == name)
                {
                    return All[i];
                }
            }

            return null;
        }
    }
}
