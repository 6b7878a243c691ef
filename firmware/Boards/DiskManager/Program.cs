using System.Device.Gpio;
using System.Threading;
using ColdStandby.Dm;
using nanoFramework.Hardware.Esp32;

namespace ColdStandby.Boards.DmEsp32
{
    /// <summary>
    /// The DM board: opens the pins and UARTs of schematics/pinmap.csv and steps
    /// <see cref="ColdStandby.Dm.DiskManager"/> with the board's clock for ever.
    /// </summary>
    public static class Program
    {
        /// <summary>The grant memory and event log, on the internal flash.</summary>
        private const string RegionPath = "I:\\coldstandby-dm.bin";

        /// <summary>Pause between steps: gives the UART and GPIO tasks the CPU; far below every deadline.</summary>
        private const int LoopPeriodMs = 2;

        public static void Main()
        {
            GpioController gpio = new GpioController();

            StatusLeds leds = new StatusLeds(gpio, DiskManagerPins.RunLed, DiskManagerPins.RunLedActiveLow, DiskManagerPins.AlarmLed, DiskManagerPins.AlarmLedActiveLow);

            // The access latches keep whatever they held through this reboot: their set and clear pins open
            // low, as their pull-downs held them, so opening neither sets nor clears one. The logic reads them
            // back (DiskManager's reset rule); board code never pulses a clear at start-up.
            DiskManagerIo io = new DiskManagerIo(
                new GpioInputLine(gpio, DiskManagerPins.RequestA, DiskManagerPins.RequestAActiveLow),
                new GpioInputLine(gpio, DiskManagerPins.RequestB, DiskManagerPins.RequestBActiveLow),
                new GpioLatch(
                    gpio,
                    DiskManagerPins.AccessSetA,
                    DiskManagerPins.AccessSetAActiveLow,
                    DiskManagerPins.AccessClearA,
                    DiskManagerPins.AccessClearAActiveLow,
                    DiskManagerPins.AccessA,
                    DiskManagerPins.AccessAActiveLow),
                new GpioLatch(
                    gpio,
                    DiskManagerPins.AccessSetB,
                    DiskManagerPins.AccessSetBActiveLow,
                    DiskManagerPins.AccessClearB,
                    DiskManagerPins.AccessClearBActiveLow,
                    DiskManagerPins.AccessB,
                    DiskManagerPins.AccessBActiveLow),
                new SerialChannel(DiskManagerPins.ManagementLinkPort, DiskManagerPins.ManagementLinkTx, DeviceFunction.COM2_TX, DiskManagerPins.ManagementLinkRx, DeviceFunction.COM2_RX),
                new SerialChannel(DiskManagerPins.ControllerLinkPort, DiskManagerPins.ControllerLinkTx, DeviceFunction.COM3_TX, DiskManagerPins.ControllerLinkRx, DeviceFunction.COM3_RX));

            DiskManagerConfig config = new DiskManagerConfig();
            FlashRegion region = new FlashRegion(RegionPath, ColdStandby.Dm.DiskManager.RegionSizeFor(config));

            // Reads the latches and the grant memory; the first step applies the reset rule (README in firmware/DiskManager).
            ColdStandby.Dm.DiskManager dm = new ColdStandby.Dm.DiskManager(config, io, region);
            while (true)
            {
                long now = BoardClock.NowMs;
                dm.Step(now);

                // Both access latches read set: the hardware interlock has failed (or a read-back is broken).
                leds.Show(now, io.AccessA.Value && io.AccessB.Value);
                Thread.Sleep(LoopPeriodMs);
            }
        }
    }
}
