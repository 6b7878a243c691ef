using ColdStandby.Protocol;

namespace ColdStandby.Smu
{
    /// <summary>Where a forced power-off stands.</summary>
    internal enum ForcedOffState
    {
        /// <summary>No forced power-off under way or done.</summary>
        Idle,

        /// <summary>The power button is held.</summary>
        Holding,

        /// <summary>The hold is over; power-good must drop within the confirmation time.</summary>
        Confirming,

        /// <summary>The server went off.</summary>
        Off,

        /// <summary>The server stayed on through the hold and the confirmation time.</summary>
        StillOn,
    }

    /// <summary>
    /// Forces the server off: holds the power button until power-good drops (at most the forced-off
    /// hold), then waits the confirmation time. It runs on its own beside the failover sequence, so
    /// that a server that cannot shut down by itself is fenced from its disks at once while the
    /// hold goes on (the sequence does not wait for it), and its outcome is logged whoever waits.
    /// </summary>
    /// <remarks>
    /// Idle → Holding (started, server on) → Off (power-good dropped) or → Confirming (hold over) →
    /// Off (dropped) or StillOn (confirmation time over). Started with the server already off: Off.
    /// </remarks>
    internal sealed class ForcedOff
    {
        private readonly ServerManagementUnit _smu;
        private ForcedOffState _state;
        private long _deadlineMs;

        /// <summary>Initializes a new instance of the <see cref="ForcedOff"/> class.</summary>
        internal ForcedOff(ServerManagementUnit smu)
        {
            _smu = smu;
        }

        /// <summary>Gets where the forced power-off stands.</summary>
        internal ForcedOffState State
        {
            get { return _state; }
        }

        /// <summary>Gets whether the hold or its confirmation is under way.</summary>
        internal bool Running
        {
            get { return _state == ForcedOffState.Holding || _state == ForcedOffState.Confirming; }
        }

        /// <summary>Gets when the confirmation time runs out; the hold's end is timed by <see cref="PowerControl"/>.</summary>
        internal long DueMs
        {
            get { return _state == ForcedOffState.Confirming ? _deadlineMs : long.MaxValue; }
        }

        /// <summary>Starts holding the button (logged, alarm <c>ForcedPowerOff</c>); a server already off is Off at once.</summary>
        internal void Start()
        {
            if (Running)
            {
                return;
            }

            if (!_smu.PowerGood)
            {
                _state = ForcedOffState.Off;
                return;
            }

            _state = ForcedOffState.Holding;
            _smu.Power.Press(_smu.Now, _smu.Config.ForcedOffHoldMs, true);
            _smu.Journal.Write(EventCode.ForcedPowerOff, _smu.Side, 0);
            _smu.AlarmSet.Raise(AlarmFlags.ForcedPowerOff);
        }

        /// <summary>Forgets the last outcome (a new sequence starts).</summary>
        internal void Reset()
        {
            if (!Running)
            {
                _state = ForcedOffState.Idle;
            }
        }

        /// <summary>Follows power-good and the button; reports the outcome once.</summary>
        internal void Step()
        {
            if (_state == ForcedOffState.Holding)
            {
                if (!_smu.PowerGood)
                {
                    // Holding on would turn a server that is already off back on at release.
                    _smu.Power.Release();
                    _state = ForcedOffState.Off;
                }
                else if (!_smu.Power.Pressed)
                {
                    _state = ForcedOffState.Confirming;
                    _deadlineMs = _smu.Now + _smu.Config.PowerOffConfirmMs;
                }
            }
            else if (_state == ForcedOffState.Confirming)
            {
                if (!_smu.PowerGood)
                {
                    _state = ForcedOffState.Off;
                }
                else if (_smu.Now >= _deadlineMs)
                {
                    _state = ForcedOffState.StillOn;
                }
            }
        }
    }
}
