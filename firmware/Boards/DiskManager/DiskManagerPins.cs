namespace ColdStandby.Boards.DmEsp32
{
    /// <summary>
    /// The DM board's ESP32 pins, as in schematics/pinmap.csv (schematics/Schematics.Tests fails when they
    /// differ). ActiveLow: the pin level that means "asserted" is low.
    /// </summary>
    internal static class DiskManagerPins
    {
        /// <summary>Clock of side A's access latch U10: a rising edge sets it unless side B's latch holds.</summary>
        internal const int AccessSetA = 23;
        internal const bool AccessSetAActiveLow = false;

        /// <summary>Clock of side B's access latch U11: a rising edge sets it unless side A's latch holds.</summary>
        internal const int AccessSetB = 22;
        internal const bool AccessSetBActiveLow = false;

        /// <summary>Gate of Q5, which pulls latch U10's /CLR low: high clears side A's access.</summary>
        internal const int AccessClearA = 21;
        internal const bool AccessClearAActiveLow = false;

        /// <summary>Gate of Q6, which pulls latch U11's /CLR low: high clears side B's access.</summary>
        internal const int AccessClearB = 19;
        internal const bool AccessClearBActiveLow = false;

        /// <summary>Latch U10's Q read back (input-only pin): side A's access contact J6 and grant loop J4.3-4 are on while high.</summary>
        internal const int AccessA = 36;
        internal const bool AccessAActiveLow = false;

        /// <summary>Latch U11's Q read back (input-only pin): side B's access contact J7 and grant loop J5.3-4 are on while high.</summary>
        internal const int AccessB = 39;
        internal const bool AccessBActiveLow = false;

        /// <summary>SMU A's request loop through opto U6 (input-only pin, external pull-up).</summary>
        internal const int RequestA = 34;
        internal const bool RequestAActiveLow = true;

        /// <summary>SMU B's request loop through opto U7 (input-only pin, external pull-up).</summary>
        internal const int RequestB = 35;
        internal const bool RequestBActiveLow = true;

        /// <summary>Green RUN LED: the board program blinks it while the loop runs.</summary>
        internal const int RunLed = 32;
        internal const bool RunLedActiveLow = false;

        /// <summary>Red ALARM LED: lit on a fault the DM knows of.</summary>
        internal const int AlarmLed = 33;
        internal const bool AlarmLedActiveLow = false;

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
