using ColdStandby.Hardware;

namespace ColdStandby.Dm
{
    /// <summary>
    /// One SMU's storage connect request as the DM sees it across steps: whether it is asserted,
    /// in which step it rose (to serve the earlier asker first), and since when it has been absent
    /// (a holder's request counts as released once it has been absent for the debounce).
    /// </summary>
    internal sealed class ConnectRequest
    {
        private readonly IInputLine _line;
        private bool _sampled;
        private bool _asserted;
        private long _risenAtStep;
        private long _absentSince;

        /// <summary>Watches <paramref name="line"/>.</summary>
        internal ConnectRequest(IInputLine line)
        {
            _line = line;
        }

        /// <summary>Gets whether the request was asserted at the last sample.</summary>
        internal bool Asserted
        {
            get { return _asserted; }
        }

        /// <summary>Gets the step in which the present assertion began.</summary>
        internal long RisenAtStep
        {
            get { return _risenAtStep; }
        }

        /// <summary>Gets since when the request has been absent (meaningful while it is not asserted).</summary>
        internal long AbsentSinceMs
        {
            get { return _absentSince; }
        }

        /// <summary>Reads the line once for this step.</summary>
        internal void Sample(long nowMs, long step)
        {
            bool value = _line.Value;
            if (!_sampled)
            {
                // What happened before the DM started is unknown: an absent request counts as absent
                // from now, an asserted one as risen now.
                _sampled = true;
                _asserted = value;
                _risenAtStep = step;
                _absentSince = nowMs;
                return;
            }

            if (value && !_asserted)
            {
                _risenAtStep = step;
            }
            else if (!value && _asserted)
            {
                _absentSince = nowMs;
            }

            _asserted = value;
        }

        /// <summary>Whether the request has been absent for at least <paramref name="debounceMs"/>.</summary>
        internal bool ReleasedFor(long nowMs, int debounceMs)
        {
            return !_asserted && nowMs - _absentSince >= debounceMs;
        }
    }
}
