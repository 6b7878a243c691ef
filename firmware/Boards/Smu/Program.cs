using System.Device.Gpio;
using System.Threading;
using ColdStandby.Protocol;
using ColdStandby.Smu;
using nanoFramework.Hardware.Esp32;

namespace ColdStandby.Boards.SmuEsp32
{
    /// <summary>
    /// The SMU board: opens the pins and UARTs of schematics/pinmap.csv, reads the side strap, and steps
    /// <see cref="ServerManagementUnit"/> with the board's clock for ever.
    /// </summary>
    public static class Program
    {
        /// <summary>The persisted state and event log, on the internal flash.</summary>
        private const string RegionPath = "I:\\coldstandby-smu.bin";

        /// <summary>Event-log records kept (the newest).</summary>
        private const int LogCapacity = 1024;

        /// <summary>Pause between steps: gives the UART and GPIO tasks the CPU; far below every deadline.</summary>
        private const int LoopPeriodMs = 2;

        public static void Main()
        {
            GpioController gpio = new GpioController();

            // Outputs first: each opens driving low, where its pull-down held it (not pressed, alarm shown).
            GpioOutputLine powerButton = new GpioOutputLine(gpio, SmuPins.PowerButton, SmuPins.PowerButtonActiveLow);
            GpioOutputLine alarm = new GpioOutputLine(gpio, SmuPins.Alarm, SmuPins.AlarmActiveLow);

            // The request latch keeps whatever it held through this reboot: its set and clear pins open low,
            // as their pull-downs held them, so opening neither sets nor clears it. Never pulse the clear here.
            GpioLatch storageRequest = new GpioLatch(
                gpio,
                SmuPins.RequestSet,
                SmuPins.RequestSetActiveLow,
                SmuPins.RequestClear,
                SmuPins.RequestClearActiveLow,
                SmuPins.StorageRequest,
                SmuPins.StorageRequestActiveLow);

            StatusLeds leds = new StatusLeds(gpio, SmuPins.RunLed, SmuPins.RunLedActiveLow, SmuPins.AlarmLed, SmuPins.AlarmLedActiveLow);

            Side side = ReadStrap(gpio);
            if (side == Side.None)
            {
                // RUN stays dark, ALARM lit: a technician sees the strap fault at the board too.
                leds.Show(0, true);
                // No jumper, or both: never guess a side. Every output stays safe, the request latch keeps
                // what it holds (the running server keeps its disks), and the alarm relay stays released,
                // which an operator sees on the alarm panel.
                Thread.Sleep(Timeout.Infinite);
            }

            SmuBoard board = new SmuBoard(
                powerButton,
                storageRequest,
                alarm,
                new GpioInputLine(gpio, SmuPins.PowerGood, SmuPins.PowerGoodActiveLow),
                new GpioInputLine(gpio, SmuPins.StorageGranted, SmuPins.StorageGrantedActiveLow),
                new GpioInputLine(gpio, SmuPins.RepairButton, SmuPins.RepairButtonActiveLow),
                new SerialChannel(SmuPins.PeerLinkPort, SmuPins.PeerLinkTx, DeviceFunction.COM3_TX, SmuPins.PeerLinkRx, DeviceFunction.COM3_RX),
                new SerialChannel(SmuPins.HostLinkPort, SmuPins.HostLinkTx, DeviceFunction.COM2_TX, SmuPins.HostLinkRx, DeviceFunction.COM2_RX),
                new GpioInputLine(gpio, SmuPins.ExternalPower, SmuPins.ExternalPowerActiveLow),
                new GpioInputLine(gpio, SmuPins.BatteryLow, SmuPins.BatteryLowActiveLow));

            SmuConfig config = new SmuConfig();
            FlashRegion region = new FlashRegion(RegionPath, ServerManagementUnit.RegionSizeFor(LogCapacity));

            // Restores the persisted mode; the first step drives the outputs from it.
            ServerManagementUnit smu = new ServerManagementUnit(config, board, side, region);
            while (true)
            {
                long now = BoardClock.NowMs;
                smu.Step(now);
                leds.Show(now, smu.Alarms != AlarmFlags.None);
                Thread.Sleep(LoopPeriodMs);
            }
        }

        /// <summary>Jumper JP1 on 1-2: side A; on 2-3: side B; anything else: <see cref="Side.None"/>.</summary>
        private static Side ReadStrap(GpioController gpio)
        {
            GpioInputLine a = new GpioInputLine(gpio, SmuPins.SideStrapA, SmuPins.SideStrapAActiveLow);
            GpioInputLine b = new GpioInputLine(gpio, SmuPins.SideStrapB, SmuPins.SideStrapBActiveLow);
            if (a.Value && !b.Value)
            {
                return Side.A;
            }

            if (b.Value && !a.Value)
            {
                return Side.B;
            }

            return Side.None;
        }
    }
}
