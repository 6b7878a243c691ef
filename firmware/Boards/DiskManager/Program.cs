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

            // Outputs first: each opens driving low, where its pull-down held it: no access, no grant.
            DiskManagerIo io = new DiskManagerIo(
                new GpioInputLine(gpio, DiskManagerPins.RequestA, DiskManagerPins.RequestAActiveLow),
                new GpioInputLine(gpio, DiskManagerPins.RequestB, DiskManagerPins.RequestBActiveLow),
                new GpioOutputLine(gpio, DiskManagerPins.AccessA, DiskManagerPins.AccessAActiveLow),
                new GpioOutputLine(gpio, DiskManagerPins.AccessB, DiskManagerPins.AccessBActiveLow),
                new GpioOutputLine(gpio, DiskManagerPins.GrantA, DiskManagerPins.GrantAActiveLow),
                new GpioOutputLine(gpio, DiskManagerPins.GrantB, DiskManagerPins.GrantBActiveLow),
                new SerialChannel(DiskManagerPins.ManagementLinkPort, DiskManagerPins.ManagementLinkTx, DeviceFunction.COM2_TX, DiskManagerPins.ManagementLinkRx, DeviceFunction.COM2_RX),
                new SerialChannel(DiskManagerPins.ControllerLinkPort, DiskManagerPins.ControllerLinkTx, DeviceFunction.COM3_TX, DiskManagerPins.ControllerLinkRx, DeviceFunction.COM3_RX));

            DiskManagerConfig config = new DiskManagerConfig();
            FlashRegion region = new FlashRegion(RegionPath, ColdStandby.Dm.DiskManager.RegionSizeFor(config));

            // Reads the grant memory; the first step applies the reset rule (README in firmware/DiskManager).
            ColdStandby.Dm.DiskManager dm = new ColdStandby.Dm.DiskManager(config, io, region);
            while (true)
            {
                dm.Step(BoardClock.NowMs);
                Thread.Sleep(LoopPeriodMs);
            }
        }
    }
}
