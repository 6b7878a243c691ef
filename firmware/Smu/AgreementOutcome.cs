namespace ColdStandby.Smu
{
    /// <summary>What the startup agreement tells one SMU to do.</summary>
    internal enum AgreementOutcome
    {
        /// <summary>Keep the mode it has.</summary>
        None = 0,

        /// <summary>Become Active (new epoch), request the storage and power on once granted.</summary>
        BecomeActive = 1,

        /// <summary>Become Standby and leave the server off.</summary>
        BecomeStandby = 2,

        /// <summary>Both sides are Active and this one lost while its server runs: alarm, an operator decides.</summary>
        Conflict = 3,
    }
}
