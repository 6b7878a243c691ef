namespace ColdStandby.Smu
{
    /// <summary>
    /// Test only: one safety guard turned off on purpose (a planted bug), so that the bench's
    /// explorer can be shown to find the violation that guard prevents. Set through
    /// <see cref="SmuConfig"/> by the bench's tests; never on a board (it is internal and not
    /// in any configuration file).
    /// </summary>
    internal enum GuardOff
    {
        /// <summary>Every guard on (always, but in the explorer's planted-bug tests).</summary>
        None = 0,

        /// <summary>The grant is not checked again during the power-on press (<see cref="Takeover"/>).</summary>
        PressGrantRecheck,

        /// <summary>A switch request is taken whatever its epoch (<see cref="Takeover.SwitchRequested"/>).</summary>
        SwitchRequestEpoch,

        /// <summary>A persisted Active that nothing backs resumes Active at once instead of claiming (nobody Active until the agreement has decided).</summary>
        ActiveUntilAgreed,

        /// <summary>A grant line that is on is believed however it came on (<see cref="GrantLine"/>).</summary>
        UnrequestedGrant,

        /// <summary>The grant is not checked in the press's last millisecond (an off-by-one at the press's end, <see cref="Takeover"/>).</summary>
        PressLastMillisecond,

        /// <summary>A grant is acted on with the server off without proving it by its fall (<see cref="GrantLine.ProveBeforeActing"/>).</summary>
        GrantProof,
    }
}
