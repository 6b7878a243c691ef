using ColdStandby.Hardware;

namespace ColdStandby.Smu
{
    /// <summary>The momentary REPAIR button: one press (held past the debounce time) is reported once.</summary>
    internal sealed class RepairButton
    {
        private readonly IInputLine _line;
        private readonly long _debounceMs;
        private bool _down;
        private bool _reported;
        private long _downSinceMs;

        /// <summary>Initializes a new instance of the <see cref="RepairButton"/> class.</summary>
        internal RepairButton(IInputLine line, long debounceMs)
        {
            _line = line;
            _debounceMs = debounceMs;
        }

        /// <summary>Gets when a press held down now counts; <see cref="long.MaxValue"/> when none is pending.</summary>
        internal long DueMs
        {
            get { return _down && !_reported ? _downSinceMs + _debounceMs : long.MaxValue; }
        }

        /// <summary>Samples the button; true once per press, when it has been down for the debounce time.</summary>
        internal bool Pressed(long nowMs)
        {
            if (!_line.Value)
            {
                _down = false;
                _reported = false;
                return false;
            }

            if (!_down)
            {
                _down = true;
                _downSinceMs = nowMs;
            }

            if (_reported || nowMs - _downSinceMs < _debounceMs)
            {
                return false;
            }

            _reported = true;
            return true;
        }
    }
}
