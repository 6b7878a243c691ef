using ColdStandby.Hardware;
using ColdStandby.Protocol;

namespace ColdStandby.Smu
{
    /// <summary>
    /// Watches the SMU's own supply: the SMU is battery-backed so that it outlives its server, but an
    /// operator must know when it runs on its cell, and when the cell is nearly flat. The external
    /// sense must stay in its new state for <see cref="SmuConfig.OnBatteryDebounceMs"/> before the
    /// on-battery alarm is raised or cleared (a brown-out blip is not news). On the cell, the
    /// charger's low-battery output asserted for <see cref="SmuConfig.BatteryLowDebounceMs"/> raises
    /// the battery-low alarm: the supervisor will reset this SMU soon (which clears its request
    /// latch). It stays raised while the SMU is on the cell (a flat cell that recovers a little at a
    /// lighter load is still flat) and clears with the on-battery alarm when the external supply is
    /// back. While the supply is present the same pin means "charging" and is not looked at. Boards
    /// without the senses wired never raise either alarm.
    /// </summary>
    internal sealed class ExternalPower
    {
        private readonly IInputLine _line;
        private readonly IInputLine _batteryLowLine;
        private readonly Alarms _alarms;
        private readonly long _debounceMs;
        private readonly long _batteryLowDebounceMs;
        private bool _onCell;
        private long _onCellChangedMs = long.MinValue / 2;
        private bool _low;
        private long _lowChangedMs;

        /// <summary>Initializes a new instance of the <see cref="ExternalPower"/> class; the lines may be null (not wired).</summary>
        internal ExternalPower(IInputLine line, IInputLine batteryLowLine, Alarms alarms, long debounceMs, long batteryLowDebounceMs)
        {
            _line = line;
            _batteryLowLine = batteryLowLine;
            _alarms = alarms;
            _debounceMs = debounceMs;
            _batteryLowDebounceMs = batteryLowDebounceMs;
        }

        /// <summary>Gets when a change of a sense becomes news; <see cref="long.MaxValue"/> when none is pending.</summary>
        internal long DueMs
        {
            get
            {
                AlarmFlags raised = _alarms.Flags;
                long due = long.MaxValue;
                bool supplyNews = _onCell
                    ? (raised & AlarmFlags.OnBattery) == 0
                    : (raised & (AlarmFlags.OnBattery | AlarmFlags.BatteryLow)) != 0;
                if (supplyNews)
                {
                    due = _onCellChangedMs + _debounceMs;
                }

                if (_low && (raised & AlarmFlags.BatteryLow) == 0 && _lowChangedMs + _batteryLowDebounceMs < due)
                {
                    due = _lowChangedMs + _batteryLowDebounceMs;
                }

                return due;
            }
        }

        /// <summary>Samples the senses.</summary>
        internal void Step(long nowMs)
        {
            if (_line == null)
            {
                return;
            }

            bool onCell = !_line.Value;
            if (onCell != _onCell)
            {
                _onCell = onCell;
                _onCellChangedMs = nowMs;
            }

            // The low-battery pin counts only on the cell: with the supply present it says "charging".
            bool low = onCell && _batteryLowLine != null && _batteryLowLine.Value;
            if (low != _low)
            {
                _low = low;
                _lowChangedMs = nowMs;
            }

            if (low && nowMs - _lowChangedMs >= _batteryLowDebounceMs)
            {
                _alarms.Raise(AlarmFlags.BatteryLow);
            }

            if (nowMs - _onCellChangedMs < _debounceMs)
            {
                return;
            }

            if (onCell)
            {
                _alarms.Raise(AlarmFlags.OnBattery);
            }
            else
            {
                _alarms.Clear(AlarmFlags.OnBattery);
                _alarms.Clear(AlarmFlags.BatteryLow);
            }
        }
    }
}
