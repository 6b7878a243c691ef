using ColdStandby.Hardware;

namespace ColdStandby.Smu
{
    /// <summary>
    /// The server's power button, pressed through an opto: a short press turns a powered-off
    /// server on, a long hold forces a running one off. One press at a time.
    /// </summary>
    internal sealed class PowerControl
    {
        private readonly IOutputLine _button;
        private bool _pressed;
        private bool _forcing;
        private long _releaseAtMs;

        /// <summary>Initializes a new instance of the <see cref="PowerControl"/> class.</summary>
        internal PowerControl(IOutputLine button)
        {
            _button = button;
        }

        /// <summary>Gets whether the button is held down now.</summary>
        internal bool Pressed
        {
            get { return _pressed; }
        }

        /// <summary>Gets whether the hold now under way is a forced-off hold.</summary>
        internal bool Forcing
        {
            get { return _pressed && _forcing; }
        }

        /// <summary>Gets when the press under way ends; <see cref="long.MaxValue"/> when none is.</summary>
        internal long DueMs
        {
            get { return _pressed ? _releaseAtMs : long.MaxValue; }
        }

        /// <summary>Lets go of the button at start-up whatever the line was left at.</summary>
        internal void Start()
        {
            _button.Value = false;
        }

        /// <summary>Presses the button for <paramref name="durationMs"/>; a forced-off hold when <paramref name="forcing"/>.</summary>
        internal void Press(long nowMs, long durationMs, bool forcing)
        {
            _pressed = true;
            _forcing = forcing;
            _releaseAtMs = nowMs + durationMs;
            _button.Value = true;
        }

        /// <summary>Lets go of the button now.</summary>
        internal void Release()
        {
            if (_pressed)
            {
                _pressed = false;
                _button.Value = false;
            }
        }

        /// <summary>Lets go when the press has lasted its time.</summary>
        internal void Step(long nowMs)
        {
            if (_pressed && nowMs >= _releaseAtMs)
            {
                Release();
            }
        }
    }
}
