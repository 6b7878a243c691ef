using ColdStandby.Protocol;

namespace ColdStandby.Smu
{
    /// <summary>
    /// One side as the startup agreement sees it: mode, epoch and phase as persisted (for the peer:
    /// as its last heartbeat said), whether its server is on and whether it holds the DM's grant.
    /// Two instances are filled in place at every decision, so deciding allocates nothing.
    /// </summary>
    internal sealed class AgreementView
    {
        /// <summary>Gets or sets the side.</summary>
        internal Side Side { get; set; }

        /// <summary>Gets or sets the mode.</summary>
        internal Mode Mode { get; set; }

        /// <summary>Gets or sets the switch epoch.</summary>
        internal uint Epoch { get; set; }

        /// <summary>Gets or sets the phase.</summary>
        internal SequencePhase Phase { get; set; }

        /// <summary>Gets or sets whether the side's server is on (or being powered on).</summary>
        internal bool ServerOn { get; set; }

        /// <summary>Gets or sets whether the side holds the DM's grant.</summary>
        internal bool Granted { get; set; }

        /// <summary>Gets whether no sequence is under way (phase Idle or Abandoned).</summary>
        internal bool Settled
        {
            get { return Phase == SequencePhase.Idle || Phase == SequencePhase.Abandoned; }
        }

        /// <summary>Gets whether the side was Active when it stopped and waits for the agreement to be Active again.</summary>
        internal bool Claiming
        {
            get { return Mode == Mode.Standby && Phase == SequencePhase.Claiming; }
        }

        /// <summary>Gets whether the side could take the service: Standby or fresh, settled, its server off.</summary>
        internal bool Candidate
        {
            get { return (Mode == Mode.Standby || Mode == Mode.Unknown) && Settled && !ServerOn; }
        }

        /// <summary>Fills the view.</summary>
        internal void Set(Side side, Mode mode, uint epoch, SequencePhase phase, bool serverOn, bool granted)
        {
            Side = side;
            Mode = mode;
            Epoch = epoch;
            Phase = phase;
            ServerOn = serverOn;
            Granted = granted;
        }
    }
}
