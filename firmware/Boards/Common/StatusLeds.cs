using System.Device.Gpio;

namespace ColdStandby.Boards
{
    /// <summary>
    /// The board's RUN (green) and ALARM (red) LEDs, for a technician without a laptop: RUN blinks once a
    /// second while the loop steps (dark or steady: the program is not running), ALARM is lit while
    /// <see cref="Show"/> is told of an alarm. Both pins are pulled down on the board: dark in reset.
    /// </summary>
    internal sealed class StatusLeds
    {
        private const long HalfPeriodMs = 500;

        private readonly GpioOutputLine _run;
        private readonly GpioOutputLine _alarm;

        internal StatusLeds(GpioController gpio, int runPin, bool runActiveLow, int alarmPin, bool alarmActiveLow)
        {
            _run = new GpioOutputLine(gpio, runPin, runActiveLow);
            _alarm = new GpioOutputLine(gpio, alarmPin, alarmActiveLow);
        }

        /// <summary>Shows the state at <paramref name="nowMs"/>; called every step (writes only on a change).</summary>
        internal void Show(long nowMs, bool alarm)
        {
            _run.Value = (nowMs / HalfPeriodMs) % 2 == 0;
            _alarm.Value = alarm;
        }
    }
}
