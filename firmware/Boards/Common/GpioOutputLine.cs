using System.Device.Gpio;
using ColdStandby.Hardware;

namespace ColdStandby.Boards
{
    /// <summary>
    /// An <see cref="IOutputLine"/> on an ESP32 GPIO. Opened as an output, nanoFramework's ESP32 driver
    /// drives the pin low at once: the level the board's pull-down held it at through the reset, so
    /// opening never makes a pulse (schematics/README.md). <c>true</c> is the active level.
    /// </summary>
    internal sealed class GpioOutputLine : IOutputLine
    {
        private readonly GpioPin _pin;
        private readonly bool _activeLow;
        private bool _value;

        internal GpioOutputLine(GpioController gpio, int pinNumber, bool activeLow)
        {
            _activeLow = activeLow;
            _pin = gpio.OpenPin(pinNumber, PinMode.Output);
            _pin.Write(PinValue.Low);

            // Low on the pin: asserted for an active-low line (the alarm relay released), de-asserted otherwise.
            _value = activeLow;
        }

        public bool Value
        {
            get
            {
                return _value;
            }

            set
            {
                if (value == _value)
                {
                    return;
                }

                _value = value;
                _pin.Write(value != _activeLow ? PinValue.High : PinValue.Low);
            }
        }
    }
}
