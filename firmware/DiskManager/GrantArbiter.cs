using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Dm
{
    /// <summary>
    /// The exclusive grant: at most one side holds the storage, a holder keeps it until its request
    /// has been absent for the release hold-off (or it is fenced), and between two holders nobody
    /// holds it for the settle time. Every change is persisted before the lines move, so a reset at
    /// any instant finds a state it may safely restore (README.md, "Grant rules").
    /// </summary>
    internal sealed class GrantArbiter
    {
        private readonly GrantSide _a;
        private readonly GrantSide _b;
        private readonly GrantMemory _memory;
        private readonly Journal _journal;
        private readonly int _settleMs;
        private readonly int _holdOffMs;
        private readonly bool _fenceEnabled;
        private readonly SimultaneousRule _rule;
        private GrantSide _holder;
        private Side _lastHolder;
        private uint _epoch;
        private bool _settling;
        private long _settleFromMs;
        private long _settleFromStep;

        /// <summary>Builds the arbiter; all lines are driven de-asserted until <see cref="Start"/>.</summary>
        internal GrantArbiter(DiskManagerConfig config, DiskManagerIo io, GrantMemory memory, Journal journal)
        {
            _a = new GrantSide(Side.A, io.RequestA, io.AccessA, io.GrantA);
            _b = new GrantSide(Side.B, io.RequestB, io.AccessB, io.GrantB);
            _memory = memory;
            _journal = journal;
            _settleMs = config.SettleMilliseconds;
            _holdOffMs = config.ReleaseHoldOffMilliseconds;
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
                        due = _holder.Request.AbsentSinceMs + _holdOffMs;
                    }
                }
                else if (_settling)
                {
                    due = _settleFromMs + _settleMs;
                }

                long liftA = _a.FenceLiftDueMs(_holdOffMs);
                long liftB = _b.FenceLiftDueMs(_holdOffMs);
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
        /// The reset rule, once, at the first step: restore the persisted holder at once when it
        /// still requests (a DM reboot must not cut the active server's disks), else grant nobody
        /// and settle, since the lines may have been up until the reset.
        /// </summary>
        internal void Start(long nowMs, long step)
        {
            _memory.Load();
            GrantSide held = SideOf(_memory.Holder);
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

            if (held != null && held.Eligible)
            {
                _holder = held;
                held.Drive(true);
                _journal.Write(EventCode.DmReset, held.Side, (uint)held.Side);
                _journal.Write(EventCode.GrantRestored, held.Side, _epoch);
                return;
            }

            if (held != null)
            {
                _lastHolder = held.Side;
                Persist();
            }

            _journal.Write(EventCode.DmReset, Side.None, 0);
            if (held != null)
            {
                _journal.Write(EventCode.GrantReleased, held.Side, _epoch);
            }

            BeginSettle(nowMs, step);
        }

        /// <summary>Releases, grants and lifts fences as the requests and the time say.</summary>
        internal void Step(long nowMs, long step)
        {
            if (_a.LiftFence(nowMs, _holdOffMs) | _b.LiftFence(nowMs, _holdOffMs))
            {
                Persist();
            }

            if (_holder != null)
            {
                if (_holder.Request.ReleasedFor(nowMs, _holdOffMs))
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

            // Driven every step from the state, so a glitch on an output cannot outlive one step;
            // the side that must be off is driven first.
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

            _epoch++;
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

        // Persisted before the lines drop: a reset in between leaves the lines down anyway (they fall
        // to their pull resistors) and the memory already says nobody, so a fenced side is never
        // restored.
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

        private GrantSide SideOf(Side side)
        {
            return side == Side.A ? _a : side == Side.B ? _b : null;
        }
    }
}
