namespace ColdStandby.Boards.SmuEsp32
{
    /// <summary>
    /// The SMU board's ESP32 pins, as in schematics/pinmap.csv (schematics/Schematics.Tests fails when they
    /// differ). ActiveLow: the pin level that means "asserted" is low.
    /// </summary>
    internal static class SmuPins
    {
        /// <summary>Drives opto U4 across the server's front-panel power switch.</summary>
        internal const int PowerButton = 23;
        internal const bool PowerButtonActiveLow = false;

        /// <summary>Clock of the request latch U9: a rising edge sets the storage request (pulled down: a reset makes no edge).</summary>
        internal const int RequestSet = 22;
        internal const bool RequestSetActiveLow = false;

        /// <summary>Gate of Q4, which pulls the request latch's /CLR low: high clears the storage request.</summary>
        internal const int RequestClear = 19;
        internal const bool RequestClearActiveLow = false;

        /// <summary>The request latch's Q read back: the storage request loop to the DM is on while high.</summary>
        internal const int StorageRequest = 18;
        internal const bool StorageRequestActiveLow = false;

        /// <summary>Alarm relay K1: energised (high) while no alarm, so a dead or rebooting SMU shows an alarm.</summary>
        internal const int Alarm = 21;
        internal const bool AlarmActiveLow = true;

        /// <summary>Server power LED through opto U5 (input-only pin, external pull-up).</summary>
        internal const int PowerGood = 34;
        internal const bool PowerGoodActiveLow = true;

        /// <summary>The DM's grant feedback through opto U6 (input-only pin, external pull-up).</summary>
        internal const int StorageGranted = 35;
        internal const bool StorageGrantedActiveLow = true;

        /// <summary>REPAIR push button to ground.</summary>
        internal const int RepairButton = 32;
        internal const bool RepairButtonActiveLow = true;

        /// <summary>Side jumper JP1 on pins 1-2: side A.</summary>
        internal const int SideStrapA = 36;
        internal const bool SideStrapAActiveLow = true;

        /// <summary>Side jumper JP1 on pins 2-3: side B.</summary>
        internal const int SideStrapB = 39;
        internal const bool SideStrapBActiveLow = true;

        /// <summary>Charger power-good: low while the 5 V input is present, high when running on the cell.</summary>
        internal const int ExternalPower = 33;
        internal const bool ExternalPowerActiveLow = true;

        /// <summary>
        /// Charger STAT1/~LBO: on the cell (ExternalPower deasserted) low = the cell is below the charger's LBO threshold, 3.2 V typical on the variant to order (low battery);
        /// while the 5 V is present the same pin is low during charging, so read it only on the cell.
        /// </summary>
        internal const int BatteryLow = 25;
        internal const bool BatteryLowActiveLow = true;

        /// <summary>Green RUN LED: the board program blinks it while the loop runs.</summary>
        internal const int RunLed = 4;
        internal const bool RunLedActiveLow = false;

        /// <summary>Red ALARM LED: lit while the SMU raises an alarm, as the alarm relay.</summary>
        internal const int AlarmLed = 13;
        internal const bool AlarmLedActiveLow = false;

        /// <summary>Peer link (RS-232 to the other SMU) on UART2.</summary>
        internal const string PeerLinkPort = "COM3";
        internal const int PeerLinkTx = 17;
        internal const int PeerLinkRx = 16;

        /// <summary>Host link (USB-UART bridge to the server) on UART1; UART0 stays nanoFramework's.</summary>
        internal const string HostLinkPort = "COM2";
        internal const int HostLinkTx = 26;
        internal const int HostLinkRx = 27;
    }
}
