using ColdStandby.Protocol;

namespace ColdStandby.DiskManager
{
    /// <summary>
    /// The exclusive grant: at most one side holds the storage, a holder keeps it until its request
    /// has been absent for the release hold-off (or it is fenced), and between two holders nobody
    /// holds it for the settle time. Every change is persisted before the lines move, so a reset at
    /// any instant finds a state it may safely restore (README.md, "Grant rules").
    /// </summary>
    internal sealed class GrantArbiter
    {
        private readonly ConnectRequest _requestA;
        private readonly ConnectRequest _requestB;
        private readonly GrantLines _linesA;
        private readonly GrantLines _linesB;
        private readonly GrantMemory _memory;
        private readonly Journal _journal;
        private readonly int _settleMs;
        private readonly int _holdOffMs;
        private readonly bool _fenceEnabled;
        private readonly SimultaneousRule _rule;
        private Side _holder;
        private Side _lastHolder;
        private Side _fenced;
        private uint _epoch;
        private bool _settling;
        private long _settleFromMs;
        private long _settleFromStep;
        private bool _waitLoggedA;
        private bool _waitLoggedB;

        /// <summary>Builds the arbiter; all lines are driven de-asserted until <see cref="Start"/>.</summary>
        internal GrantArbiter(DiskManagerConfig config, DiskManagerIo io, GrantMemory memory, Journal journal)
        {
            _requestA = new ConnectRequest(io.RequestA);
            _requestB = new ConnectRequest(io.RequestB);
            _linesA = new GrantLines(io.AccessA, io.GrantA);
            _linesB = new GrantLines(io.AccessB, io.GrantB);
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
            get { return _holder; }
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

        /// <summary>Gets the fenced side, refused the grant until its request has been released.</summary>
        internal Side Fenced
        {
            get { return _fenced; }
        }

        /// <summary>Gets whether fencing is configured.</summary>
        internal bool FenceEnabled
        {
            get { return _fenceEnabled; }
        }

        /// <summary>Gets the requests seen at the last sample: bit 0 side A, bit 1 side B.</summary>
        internal byte Requests
        {
            get { return (byte)((_requestA.Asserted ? 1 : 0) | (_requestB.Asserted ? 2 : 0)); }
        }

        /// <summary>Reads both request lines for this step.</summary>
        internal void Sample(long nowMs, long step)
        {
            _requestA.Sample(nowMs, step);
            _requestB.Sample(nowMs, step);
        }

        /// <summary>
        /// The reset rule, once, at the first step: restore the persisted holder at once when it
        /// still requests (a DM reboot must not cut the active server's disks), else grant nobody
        /// and settle, since the lines may have been up until the reset.
        /// </summary>
        internal void Start(long nowMs, long step)
        {
            _memory.Load();
            Side holder = _memory.Holder;
            _lastHolder = _memory.LastHolder;
            _fenced = _memory.Fenced;
            _epoch = _memory.Epoch;

            if (holder != Side.None && holder != _fenced && Request(holder).Asserted)
            {
                _holder = holder;
                Lines(holder).Drive(true);
                _journal.Write(EventCode.DmReset, holder, (uint)holder);
                _journal.Write(EventCode.GrantRestored, holder, _epoch);
                return;
            }

            _holder = Side.None;
            if (holder != Side.None)
            {
                _lastHolder = holder;
                Persist();
            }

            _journal.Write(EventCode.DmReset, Side.None, 0);
            if (holder != Side.None)
            {
                _journal.Write(EventCode.GrantReleased, holder, _epoch);
            }

            BeginSettle(nowMs, step);
        }

        /// <summary>Releases, grants and lifts fences as the requests and the time say.</summary>
        internal void Step(long nowMs, long step)
        {
            if (_fenced != Side.None && Request(_fenced).ReleasedFor(nowMs, _holdOffMs))
            {
                _fenced = Side.None;
                Persist();
            }

            if (_holder != Side.None)
            {
                if (Request(_holder).ReleasedFor(nowMs, _holdOffMs))
                {
                    Side released = _holder;
                    Drop();
                    _journal.Write(EventCode.GrantReleased, released, _epoch);
                    BeginSettle(nowMs, step);
                }
            }
            else if (_settling)
            {
                // A step later at the earliest, so the drop and the raise are never one step.
                if (nowMs - _settleFromMs >= _settleMs && step > _settleFromStep)
                {
                    _settling = false;
                }
            }

            if (_holder == Side.None && !_settling)
            {
                GrantToEligible();
            }

            if (_holder != Side.None)
            {
                NoteWaiting(Other(_holder));
            }

            // Driven every step from the state, so a glitch on an output cannot outlive one step;
            // the side that must be off is driven first.
            if (_holder == Side.B)
            {
                _linesA.Drive(false);
                _linesB.Drive(true);
            }
            else
            {
                _linesB.Drive(false);
                _linesA.Drive(_holder == Side.A);
            }
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

            if (side != _holder)
            {
                return RefusalReason.WrongSide;
            }

            if (epoch != _epoch)
            {
                return RefusalReason.StaleEpoch;
            }

            _fenced = side;
            Drop();
            _journal.Write(EventCode.Fenced, side, epoch);
            BeginSettle(nowMs, step);
            return RefusalReason.None;
        }

        private void GrantToEligible()
        {
            bool a = Eligible(Side.A);
            bool b = Eligible(Side.B);
            if (!a && !b)
            {
                return;
            }

            Side winner;
            bool tie = false;
            if (a && b)
            {
                long risenA = _requestA.RisenAtStep;
                long risenB = _requestB.RisenAtStep;
                if (risenA != risenB)
                {
                    winner = risenA < risenB ? Side.A : Side.B;
                }
                else
                {
                    tie = true;
                    winner = TieWinner();
                }
            }
            else
            {
                winner = a ? Side.A : Side.B;
            }

            _epoch++;
            _holder = winner;
            _lastHolder = winner;
            Persist();
            Lines(winner).Drive(true);
            _waitLoggedA = false;
            _waitLoggedB = false;
            if (tie)
            {
                _journal.Write(EventCode.RequestConflict, winner, 0);
            }

            _journal.Write(EventCode.GrantGiven, winner, _epoch);
        }

        private Side TieWinner()
        {
            if (_rule == SimultaneousRule.PreferA)
            {
                return Side.A;
            }

            if (_rule == SimultaneousRule.PreferB)
            {
                return Side.B;
            }

            return _lastHolder == Side.A ? Side.B : Side.A;
        }

        // Once per holding and side: a request toggling while the other side holds must not flush
        // the log ring.
        private void NoteWaiting(Side side)
        {
            if (!Eligible(side))
            {
                return;
            }

            if (side == Side.A)
            {
                if (_waitLoggedA)
                {
                    return;
                }

                _waitLoggedA = true;
            }
            else
            {
                if (_waitLoggedB)
                {
                    return;
                }

                _waitLoggedB = true;
            }

            _journal.Write(EventCode.RequestWaiting, side, 0);
        }

        // Persisted before the lines drop: a reset in between leaves the lines down anyway (they fall
        // to their pull resistors) and the memory already says nobody, so a fenced side is never
        // restored.
        private void Drop()
        {
            Side dropped = _holder;
            _holder = Side.None;
            _lastHolder = dropped;
            Persist();
            Lines(dropped).Drive(false);
        }

        private void BeginSettle(long nowMs, long step)
        {
            _settling = true;
            _settleFromMs = nowMs;
            _settleFromStep = step;
        }

        private bool Eligible(Side side)
        {
            return side != _fenced && Request(side).Asserted;
        }

        private void Persist()
        {
            _memory.Save(_holder, _lastHolder, _fenced, _epoch);
        }

        private ConnectRequest Request(Side side)
        {
            return side == Side.A ? _requestA : _requestB;
        }

        private GrantLines Lines(Side side)
        {
            return side == Side.A ? _linesA : _linesB;
        }

        private static Side Other(Side side)
        {
            return side == Side.A ? Side.B : Side.A;
        }
    }
}
