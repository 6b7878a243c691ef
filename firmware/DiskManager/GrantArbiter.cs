using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Dm
{
    /// <summary>
    /// The exclusive grant: at most one side holds the storage, a holder keeps it until its request
    /// has been absent for the release debounce (or it is fenced), and between two holders nobody
    /// holds it for the settle time. Who holds is what the access latches say: they hold through the
    /// DM's own reset, so a reboot or a hang of the DM never moves the grant, and the DM reads them
    /// back at start rather than trusting its flash. The flash keeps the epoch, the last holder and
    /// the fences, saved before any latch moves (README.md, "Grant rules", "Reset rule").
    /// </summary>
    internal sealed class GrantArbiter
    {
        private readonly GrantSide _a;
        private readonly GrantSide _b;
        private readonly GrantMemory _memory;
        private readonly Journal _journal;
        private readonly int _settleMs;
        private readonly int _debounceMs;
        private readonly bool _fenceEnabled;
        private readonly SimultaneousRule _rule;
        private GrantSide _holder;
        private Side _lastHolder;
        private uint _epoch;
        private bool _settling;
        private long _settleFromMs;
        private long _settleFromStep;

        /// <summary>Builds the arbiter; the latches are left as they are until <see cref="Start"/> reads them.</summary>
        internal GrantArbiter(DiskManagerConfig config, DiskManagerIo io, GrantMemory memory, Journal journal)
        {
            _a = new GrantSide(Side.A, io.RequestA, io.AccessA);
            _b = new GrantSide(Side.B, io.RequestB, io.AccessB);
            _memory = memory;
            _journal = journal;
            _settleMs = config.SettleMilliseconds;
            _debounceMs = config.ReleaseDebounceMilliseconds;
            _fenceEnabled = config.FenceEnabled;
            _rule = config.Simultaneous;
        }

        /// <summary>Gets the side holding the grant, or <see cref="Side.None"/>.</summary>
        internal Side Holder
        {
            get { return _holder == null ? Side.None : _holder.Side; }
        }

        /// <summary>Gets the grant epoch: the number of the present (or last) holding.</summary>
        internal uint Epoch
        {
            get { return _epoch; }
        }

        /// <summary>Gets whether nobody holds the grant because a change of holder is settling.</summary>
        internal bool Settling
        {
            get { return _settling; }
        }

        /// <summary>Gets whether fencing is configured.</summary>
        internal bool FenceEnabled
        {
            get { return _fenceEnabled; }
        }

        /// <summary>Gets the requests seen at the last sample: bit 0 side A, bit 1 side B.</summary>
        internal byte Requests
        {
            get { return (byte)((_a.Request.Asserted ? 1 : 0) | (_b.Request.Asserted ? 2 : 0)); }
        }

        /// <summary>Gets the fenced sides: bit 0 side A, bit 1 side B.</summary>
        internal byte FencedSides
        {
            get { return (byte)((_a.Fenced ? 1 : 0) | (_b.Fenced ? 2 : 0)); }
        }

        /// <summary>
        /// Gets when the arbiter acts on time alone: the holder's absent request counts as released,
        /// the settle time ends, a fence lifts. <see cref="long.MaxValue"/> when only a request line
        /// can change anything.
        /// </summary>
        internal long DueMs
        {
            get
            {
                long due = long.MaxValue;
                if (_holder != null)
                {
                    if (!_holder.Request.Asserted)
                    {
                        due = _holder.Request.AbsentSinceMs + _debounceMs;
                    }
                }
                else if (_settling)
                {
                    due = _settleFromMs + _settleMs;
                }

                long liftA = _a.FenceLiftDueMs(_debounceMs);
                long liftB = _b.FenceLiftDueMs(_debounceMs);
                if (liftA < due)
                {
                    due = liftA;
                }

                if (liftB < due)
                {
                    due = liftB;
                }

                return due;
            }
        }

        /// <summary>Reads both request lines for this step.</summary>
        internal void Sample(long nowMs, long step)
        {
            _a.Request.Sample(nowMs, step);
            _b.Request.Sample(nowMs, step);
        }

        /// <summary>
        /// The reset rule, once, at the first step: the access latches say who holds. A holder kept
        /// its access through the DM's reset and keeps it now, with no line moving (a fence the DM
        /// had saved but not yet carried out is carried out now); when no latch is set (a cold
        /// power-on clears them) nobody holds and the settle time runs before anyone is granted.
        /// Both latches set cannot happen (the board interlocks them); if the read-back says so,
        /// neither is trusted.
        /// </summary>
        internal void Start(long nowMs, long step)
        {
            _memory.Load();
            _lastHolder = _memory.LastHolder;
            _epoch = _memory.Epoch;
            if ((_memory.Fenced & 1) != 0)
            {
                _a.Fence(nowMs);
            }

            if ((_memory.Fenced & 2) != 0)
            {
                _b.Fence(nowMs);
            }

            GrantSide held = _a.Latched ? _b.Latched ? null : _a : _b.Latched ? _b : null;
            if (held != null && !held.Fenced)
            {
                _holder = held;
                if (_memory.Holder != held.Side)
                {
                    // Cut between a save and the latch: the latch is what the enclosures obey.
                    _lastHolder = held.Side;
                    Persist();
                }

                _journal.Write(EventCode.DmReset, held.Side, (uint)held.Side);
                _journal.Write(EventCode.GrantRestored, held.Side, _epoch);
                return;
            }

            _journal.Write(EventCode.DmReset, Side.None, 0);
            ReleaseAtStart(_a, _memory.Holder);
            ReleaseAtStart(_b, _memory.Holder);
            if (_memory.Holder != Side.None)
            {
                Persist();
            }

            BeginSettle(nowMs, step);
        }

        /// <summary>Releases, grants and lifts fences as the requests and the time say.</summary>
        internal void Step(long nowMs, long step)
        {
            if (_a.LiftFence(nowMs, _debounceMs) | _b.LiftFence(nowMs, _debounceMs))
            {
                Persist();
            }

            if (_holder != null)
            {
                if (_holder.Request.ReleasedFor(nowMs, _debounceMs))
                {
                    GrantSide released = _holder;
                    Drop();
                    _journal.Write(EventCode.GrantReleased, released.Side, _epoch);
                    BeginSettle(nowMs, step);
                }
            }
            else if (_settling)
            {
                // A step later at the earliest, so a drop and a raise never share a step.
                if (nowMs - _settleFromMs >= _settleMs && step > _settleFromStep)
                {
                    _settling = false;
                }
            }

            if (_holder == null && !_settling)
            {
                GrantToEligible();
            }

            if (_holder != null)
            {
                NoteWaiting(_holder == _a ? _b : _a);
            }

            // Read back and corrected every step, so a latch disturbed by a glitch cannot stay wrong
            // for more than a step; the side that must be off is corrected first.
            GrantSide off = _holder == _b ? _a : _b;
            off.Drive(false);
            (off == _a ? _b : _a).Drive(_holder != null);
        }

        /// <summary>
        /// Revokes <paramref name="side"/>'s grant although it still requests. Returns
        /// <see cref="RefusalReason.None"/> when done, else why nothing was changed.
        /// </summary>
        internal RefusalReason Fence(Side side, uint epoch, long nowMs, long step)
        {
            if (!_fenceEnabled)
            {
                return RefusalReason.NotConfigured;
            }

            if (_holder == null || side != _holder.Side)
            {
                return RefusalReason.WrongSide;
            }

            if (epoch != _epoch)
            {
                return RefusalReason.StaleEpoch;
            }

            _holder.Fence(nowMs);
            Drop();
            _journal.Write(EventCode.Fenced, side, epoch);
            BeginSettle(nowMs, step);
            return RefusalReason.None;
        }

        private void GrantToEligible()
        {
            bool a = _a.Eligible;
            bool b = _b.Eligible;
            if (!a && !b)
            {
                return;
            }

            GrantSide winner;
            bool tie = false;
            if (a && b)
            {
                long risenA = _a.Request.RisenAtStep;
                long risenB = _b.Request.RisenAtStep;
                tie = risenA == risenB;
                winner = tie ? TieWinner() : risenA < risenB ? _a : _b;
            }
            else
            {
                winner = a ? _a : _b;
            }

            _epoch = Epochs.Next(_epoch);
            _holder = winner;
            _lastHolder = winner.Side;
            Persist();
            winner.Drive(true);
            _a.WaitLogged = false;
            _b.WaitLogged = false;
            if (tie)
            {
                _journal.Write(EventCode.RequestConflict, winner.Side, 0);
            }

            _journal.Write(EventCode.GrantGiven, winner.Side, _epoch);
        }

        private GrantSide TieWinner()
        {
            if (_rule == SimultaneousRule.PreferA)
            {
                return _a;
            }

            if (_rule == SimultaneousRule.PreferB)
            {
                return _b;
            }

            return _lastHolder == Side.A ? _b : _a;
        }

        // Once per holding and side: a request toggling while the other side holds must not flush
        // the log ring.
        private void NoteWaiting(GrantSide side)
        {
            if (side.Eligible && !side.WaitLogged)
            {
                side.WaitLogged = true;
                _journal.Write(EventCode.RequestWaiting, side.Side, 0);
            }
        }

        // Persisted before the latch is cleared: a reset in between leaves the latch set, and the
        // start reads it back; the memory already names the fence, so a fenced side is then cleared.
        private void Drop()
        {
            GrantSide dropped = _holder;
            _holder = null;
            _lastHolder = dropped.Side;
            Persist();
            dropped.Drive(false);
        }

        private void BeginSettle(long nowMs, long step)
        {
            _settling = true;
            _settleFromMs = nowMs;
            _settleFromStep = step;
        }

        private void Persist()
        {
            _memory.Save(Holder, _lastHolder, FencedSides, _epoch);
        }

        /// <summary>
        /// At a start that found nobody to keep: a latch still set (fenced, or both set) is cleared, and
        /// a side the memory named as holder is logged released (it lost its access with the DM's power).
        /// </summary>
        private void ReleaseAtStart(GrantSide side, Side remembered)
        {
            bool wasHolding = side.Latched || remembered == side.Side;
            if (side.Latched)
            {
                side.Drive(false);
            }

            if (wasHolding)
            {
                _lastHolder = side.Side;
                _journal.Write(EventCode.GrantReleased, side.Side, _epoch);
            }
        }
    }
}
