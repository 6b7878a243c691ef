using System;
using System.Device.Gpio;
using ColdStandby.Hardware;

namespace ColdStandby.Boards
{
    /// <summary>
    /// An <see cref="ILatch"/> on one of the board's SN74LVC1G74 latches (schematics/README.md, "Latches"):
    /// <see cref="Set"/> is a rising edge on the set pin (the flip-flop's clock), <see cref="Clear"/> a pulse
    /// on the clear pin (the gate of the MOSFET that pulls /CLR low), <see cref="Value"/> the read-back pin.
    /// Both driving pins are active high and pulled down on the board; nanoFramework's ESP32 driver opens an
    /// output driving it LOW (<c>CPU_GPIO_EnableOutputPin(pin, GpioPinValue_Low, mode)</c>), the level the
    /// pull-downs held, so opening the pins at start-up never clocks or clears the latch.
    /// </summary>
    internal sealed class GpioLatch : ILatch
    {
        private readonly GpioPin _set;
        private readonly GpioPin _clear;
        private readonly GpioPin _readBack;
        private readonly bool _readBackActiveLow;

        /// <summary>
        /// Opens the pins. An active-low set or clear pin is refused: nanoFramework cannot open an output
        /// high, so it would pulse the line while opening it.
        /// </summary>
        internal GpioLatch(GpioController gpio, int setPin, bool setActiveLow, int clearPin, bool clearActiveLow, int readBackPin, bool readBackActiveLow)
        {
            if (setActiveLow || clearActiveLow)
            {
                throw new ArgumentException();
            }

            _readBackActiveLow = readBackActiveLow;

            // The read-back first: what the latch holds is known before anything could drive it.
            _readBack = gpio.OpenPin(readBackPin, PinMode.Input);
            _set = gpio.OpenPin(setPin, PinMode.Output);
            _clear = gpio.OpenPin(clearPin, PinMode.Output);
        }

        public bool Value
        {
            get { return (_readBack.Read() == PinValue.High) != _readBackActiveLow; }
        }

        public void Set()
        {
            // The rising edge clocks D into Q (the DM's D is the other side's /Q: refused while it holds);
            // back low at once, so the next Set is an edge again and a reset finds the line low.
            _set.Write(PinValue.High);
            _set.Write(PinValue.Low);
        }

        public void Clear()
        {
            // Two GPIO writes apart: microseconds, far over the flip-flop's 3 ns minimum clear pulse.
            _clear.Write(PinValue.High);
            _clear.Write(PinValue.Low);
        }
    }
}
