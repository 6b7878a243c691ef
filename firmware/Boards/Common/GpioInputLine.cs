using System.Device.Gpio;
using ColdStandby.Hardware;

namespace ColdStandby.Boards
{
    /// <summary>
    /// An <see cref="IInputLine"/> on an ESP32 GPIO, read each step. The pull resistor is on the board
    /// (GPIO 34-39 have none inside), so the pin is a plain input. <c>true</c> is the active level.
    /// </summary>
    internal sealed class GpioInputLine : IInputLine
    {
        private readonly GpioPin _pin;
        private readonly bool _activeLow;

        internal GpioInputLine(GpioController gpio, int pinNumber, bool activeLow)
        {
            _activeLow = activeLow;
            _pin = gpio.OpenPin(pinNumber, PinMode.Input);
        }

        public bool Value
        {
            get { return (_pin.Read() == PinValue.High) != _activeLow; }
        }
    }
}
