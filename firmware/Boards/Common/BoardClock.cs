using nanoFramework.Hardware.Esp32;

namespace ColdStandby.Boards
{
    /// <summary>The board's clock for <c>Step(nowMs)</c>: milliseconds since boot, from the ESP32's 64-bit microsecond timer (never goes back).</summary>
    internal static class BoardClock
    {
        internal static long NowMs
        {
            get { return (long)(HighResTimer.GetCurrent() / 1000); }
        }
    }
}
