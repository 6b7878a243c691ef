using ColdStandby.Hardware;
using ColdStandby.Protocol;

namespace ColdStandby.Smu
{
    /// <summary>
    /// Watches the SMU's own supply: the SMU is battery-backed so that it outlives its server, but an
    /// operator must know when it runs on its cell, before the cell runs out. The sense must stay in
    /// its new state for the debounce time before the alarm is raised or cleared (a brown-out blip
    /// is not news). Boards without the sense wired never raise it.
    /// </summary>
    internal sealed class ExternalPower
    {
        private readonly IInputLine _line;
        private readonly Alarms _alarms;
        private readonly long _debounceMs;
        private bool _onBattery;
        private bool _changing;
        private long _changeSinceMs;

        /// <summary>Initializes a new instance of the <see cref="ExternalPower"/> class; <paramref name="line"/> may be null.</summary>
        internal ExternalPower(IInputLine line, Alarms alarms, long debounceMs)
        {
            _line = line;
            _alarms = alarms;
            _debounceMs = debounceMs;
        }

        /// <summary>Gets when a change of the sense becomes news; <see cref="long.MaxValue"/> when none is pending.</summary>
        internal long DueMs
        {
            get { return _changing ? _changeSinceMs + _debounceMs : long.MaxValue; }
        }

        /// <summary>Samples the sense.</summary>
        internal void Step(long nowMs)
        {
            if (_line == null)
            {
                return;
            }

            bool onBattery = !_line.Value;
            if (onBattery == _onBattery)
            {
                _changing = false;
                return;
            }

            if (!_changing)
            {
                _changing = true;
                _changeSinceMs = nowMs;
            }

            if (nowMs - _changeSinceMs < _debounceMs)
            {
                return;
            }

            _changing = false;
            _onBattery = onBattery;
            if (onBattery)
            {
                _alarms.Raise(AlarmFlags.OnBattery);
            }
            else
            {
                _alarms.Clear(AlarmFlags.OnBattery);
            }
        }
    }
}
