namespace ColdStandby.Boards.DmEsp32
{
    /// <summary>
    /// The DM board's ESP32 pins, as in schematics/pinmap.csv (schematics/Schematics.Tests fails when they
    /// differ). ActiveLow: the pin level that means "asserted" is low.
    /// </summary>
    internal static class DiskManagerPins
    {
        /// <summary>Access-right contact to enclosure set A (opto U4).</summary>
        internal const int AccessA = 23;
        internal const bool AccessAActiveLow = false;

        /// <summary>Access-right contact to enclosure set B (opto U5).</summary>
        internal const int AccessB = 22;
        internal const bool AccessBActiveLow = false;

        /// <summary>Grant loop to SMU A's StorageGranted input.</summary>
        internal const int GrantA = 21;
        internal const bool GrantAActiveLow = false;

        /// <summary>Grant loop to SMU B's StorageGranted input.</summary>
        internal const int GrantB = 19;
        internal const bool GrantBActiveLow = false;

        /// <summary>SMU A's request loop through opto U6 (input-only pin, external pull-up).</summary>
        internal const int RequestA = 34;
        internal const bool RequestAActiveLow = true;

        /// <summary>SMU B's request loop through opto U7 (input-only pin, external pull-up).</summary>
        internal const int RequestB = 35;
        internal const bool RequestBActiveLow = true;

        /// <summary>Management link (USB-UART bridge to the management PC) on UART1.</summary>
        internal const string ManagementLinkPort = "COM2";
        internal const int ManagementLinkTx = 26;
        internal const int ManagementLinkRx = 27;

        /// <summary>Disk-controller link (RS-232) on UART2.</summary>
        internal const string ControllerLinkPort = "COM3";
        internal const int ControllerLinkTx = 17;
        internal const int ControllerLinkRx = 16;
    }
}
