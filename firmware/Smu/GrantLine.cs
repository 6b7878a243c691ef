using ColdStandby.Protocol;

namespace ColdStandby.Smu
{
    /// <summary>
    /// Whether the grant line can be believed. The DM grants only a side that requests, and takes
    /// the grant back within its release debounce once the request goes; so a grant that rises while
    /// this side does not request, or stays on for <see cref="SmuConfig.StorageReleaseConfirmMs"/> after
    /// its request went (its release not confirmed), is not the DM's doing: a wire stuck high, a
    /// faulty DM. Such a grant is not believed (the SMU acts as if it had none: no power-on on it)
    /// until the line has been seen off again; the release not confirmed in time is logged
    /// (<see cref="EventCode.GrantUnrequested"/>) and raises the storage-timeout alarm, cleared
    /// when the line goes off. A grant that was on with the request at start-up (the request latch
    /// held through a reboot) is believed.
    /// A believed grant may still be a wire that stuck high while this side was requesting: it looks
    /// exactly like the DM's grant. So before a grant is acted on with the server off (a power-on
    /// press, a claim becoming Active) it is proven (<see cref="BeginProof"/>): the request is let go
    /// until the line falls — a stuck wire does not — and the grant that rises again after the request
    /// is back, within <see cref="SmuConfig.StorageGrantTimeoutMs"/>, is proven (<see cref="Proven"/>).
    /// The DM grants nobody for its settle time after a release, so a rise sooner than
    /// <see cref="SmuConfig.ProofRegrantMinMs"/> after the proof's fall is a wire that stuck high in
    /// between, not the DM's grant (<see cref="EventCode.GrantTooSoon"/>): not believed until the line
    /// goes off. Only a wire sticking in the last few milliseconds before the DM's real grant is
    /// left: a level on one wire cannot say more; the enclosure's access line read back could.
    /// The grant of a running server is never proven this way: letting go would take its disks.
    /// </summary>
    internal sealed class GrantLine
    {
        private readonly ServerManagementUnit _smu;
        private bool _believed = true;
        private bool _wasOn;
        private bool _started;
        private bool _alarmed;
        private long _onWithoutRequestSinceMs = -1;
        private long _lineOnAtMs;
        private long _requestOffAtMs;
        private bool _held;
        private long _heldSinceMs;
        private bool _proving;
        private long _proofFromMs;
        private long _proofFellAtMs = -1;

        /// <summary>Initializes a new instance of the <see cref="GrantLine"/> class.</summary>
        internal GrantLine(ServerManagementUnit smu)
        {
            _smu = smu;
        }

        /// <summary>Gets since when the grant has been there and believed (meaningless while it is not).</summary>
        internal long HeldSinceMs
        {
            get { return _heldSinceMs; }
        }

        /// <summary>Gets whether the request is let go to see the line fall (a proof under way).</summary>
        internal bool Proving
        {
            get { return _proving; }
        }

        /// <summary>
        /// Gets whether the grant held now is proven: the first rise of the line after it fell while
        /// the request was let go for a proof, within the grant timeout of that fall.
        /// </summary>
        internal bool Proven
        {
            get
            {
                return _held && _proofFellAtMs >= 0 && _lineOnAtMs >= _proofFellAtMs
                    && _lineOnAtMs - _proofFellAtMs <= _smu.Config.StorageGrantTimeoutMs;
            }
        }

        /// <summary>
        /// Lets the request go (<see cref="Proving"/>) until the line falls, for at most
        /// <see cref="SmuConfig.StorageReleaseConfirmMs"/>; a line still on then is not believed
        /// (logged, alarmed) until it has been seen off.
        /// </summary>
        internal void BeginProof(long nowMs)
        {
            _proving = true;
            _proofFromMs = nowMs;
            _proofFellAtMs = -1;
        }

        /// <summary>
        /// Starts a proof (<see cref="BeginProof"/>, logged as <see cref="EventCode.GrantProving"/>) when
        /// the grant held now is about to be acted on with the server off and is not proven yet: a power-on
        /// press, a claim becoming Active. The one place that decides it, so every act on a grant is proven alike.
        /// </summary>
        /// <param name="nowMs">The SMU's time.</param>
        /// <returns>true when a proof started and the grant must not be acted on yet.</returns>
        internal bool ProveBeforeActing(long nowMs)
        {
            if (_smu.PowerGood || Proven || _smu.Config.GuardOff == GuardOff.GrantProof)
            {
                return false;
            }

            _smu.Journal.Write(EventCode.GrantProving, _smu.Side, 0);
            BeginProof(nowMs);
            return true;
        }

        /// <summary>
        /// The proven grant was acted on (the server pressed on): a proof is for one act. A later act
        /// with the server off (mains back after a site outage) proves again, though the line never
        /// fell in between: a wire stuck high meanwhile would hide the DM's grant going.
        /// </summary>
        internal void ProofUsed()
        {
            _proofFellAtMs = -1;
        }

        /// <summary>Gets when the line's release confirmation or a proof's end falls due; <see cref="long.MaxValue"/> when nothing is pending.</summary>
        internal long DueMs
        {
            get
            {
                long due = _onWithoutRequestSinceMs < 0 || _alarmed
                    ? long.MaxValue
                    : _onWithoutRequestSinceMs + _smu.Config.StorageReleaseConfirmMs;
                long proofEnds = _proofFromMs + _smu.Config.StorageReleaseConfirmMs;
                return _proving && proofEnds < due ? proofEnds : due;
            }
        }

        /// <summary>
        /// The SMU set or cleared its request latch at <paramref name="nowMs"/>: a release is timed from
        /// here, not from the next step that looks at the line (a board stepped only when due must judge alike).
        /// </summary>
        internal void RequestDriven(bool requested, long nowMs)
        {
            if (!requested)
            {
                _requestOffAtMs = nowMs;
            }
        }

        /// <summary>Judges the line as read this step; returns whether the grant is there and believed.</summary>
        internal bool Judge(bool on, bool requested, long nowMs)
        {
            if (!_started)
            {
                _requestOffAtMs = nowMs;
            }

            if (on && (!_wasOn || !_started))
            {
                _lineOnAtMs = nowMs;
                if (_started && requested && !_proving && _proofFellAtMs >= 0
                    && nowMs - _proofFellAtMs < _smu.Config.ProofRegrantMinMs)
                {
                    _believed = false;
                    _smu.Journal.Write(EventCode.GrantTooSoon, _smu.Side, (uint)(nowMs - _proofFellAtMs));
                    _proofFellAtMs = -1;
                }
            }

            if (_proving)
            {
                if (!on)
                {
                    _proving = false;
                    _proofFellAtMs = nowMs;
                }
                else if (nowMs - _proofFromMs >= _smu.Config.StorageReleaseConfirmMs)
                {
                    _proving = false;
                }
            }
            else if (_wasOn && !on)
            {
                // A grant that went again: the proof was for the rise before, not for the next one.
                _proofFellAtMs = -1;
            }

            if (!on)
            {
                _believed = true;
                _onWithoutRequestSinceMs = -1;
                if (_alarmed)
                {
                    _alarmed = false;
                    if (!_smu.Takeover.Late)
                    {
                        _smu.AlarmSet.Clear(AlarmFlags.StorageTimeout);
                    }
                }
            }
            else if (!requested)
            {
                if (!_wasOn || !_started)
                {
                    _believed = false;
                }

                if (_onWithoutRequestSinceMs < 0)
                {
                    _onWithoutRequestSinceMs = _lineOnAtMs > _requestOffAtMs ? _lineOnAtMs : _requestOffAtMs;
                }

                if (!_alarmed && nowMs - _onWithoutRequestSinceMs >= _smu.Config.StorageReleaseConfirmMs)
                {
                    _believed = false;
                    _alarmed = true;
                    _smu.Journal.Write(EventCode.GrantUnrequested, _smu.Side, 0);
                    _smu.AlarmSet.Raise(AlarmFlags.StorageTimeout);
                }
            }
            else
            {
                _onWithoutRequestSinceMs = -1;
            }

            _wasOn = on;
            _started = true;
            bool held = on && (_believed || _smu.Config.GuardOff == GuardOff.UnrequestedGrant);
            if (held && !_held)
            {
                _heldSinceMs = nowMs;
            }

            _held = held;
            return held;
        }
    }
}
