namespace ColdStandby.Protocol
{
    /// <summary>What an operator asks of the SMUs. Carried by <see cref="OperatorCommand"/>.</summary>
    public enum OperatorCommandKind : byte
    {
        /// <summary>No command (never sent).</summary>
        None = 0,

        /// <summary>Move service from the Active side to the Standby side; the Active side ends in Standby.</summary>
        PlannedSwitchover = 1,

        /// <summary>A Failed side was repaired: it becomes Standby.</summary>
        MarkRepaired = 2,

        /// <summary>Clear the latched alarms (those whose cause has gone).</summary>
        AlarmReset = 3,
    }
}
