using System;
using ColdStandby.Hardware;

namespace ColdStandby.Smu
{
    /// <summary>
    /// The lines and channels of one SMU board (the wiring contract in README.md). A board binding,
    /// the bench or a test builds one and hands it to <see cref="Smu"/>.
    /// </summary>
    public sealed class SmuBoard
    {
        /// <summary>Initializes a new instance of the <see cref="SmuBoard"/> class. No argument may be null.</summary>
        /// <param name="powerButton">Drives the server's front-panel power switch (asserted = pressed).</param>
        /// <param name="storageRequest">The request latch whose output is the DM's request input for this side (set = connection requested); it holds through the SMU's own reset.</param>
        /// <param name="alarm">The alarm relay (asserted while any alarm is raised).</param>
        /// <param name="powerGood">From the server's PSU (asserted while the server is on).</param>
        /// <param name="storageGranted">The DM's grant feedback for this side.</param>
        /// <param name="repairButton">The momentary REPAIR button (asserted while pressed).</param>
        /// <param name="peerLink">The serial link to the other SMU.</param>
        /// <param name="hostLink">The USB serial link to the host agent.</param>
        public SmuBoard(
            IOutputLine powerButton,
            ILatch storageRequest,
            IOutputLine alarm,
            IInputLine powerGood,
            IInputLine storageGranted,
            IInputLine repairButton,
            IByteChannel peerLink,
            IByteChannel hostLink)
        {
            if (powerButton == null || storageRequest == null || alarm == null || powerGood == null
                || storageGranted == null || repairButton == null || peerLink == null || hostLink == null)
            {
                throw new ArgumentNullException();
            }

            PowerButton = powerButton;
            StorageRequest = storageRequest;
            Alarm = alarm;
            PowerGood = powerGood;
            StorageGranted = storageGranted;
            RepairButton = repairButton;
            PeerLink = peerLink;
            HostLink = hostLink;
        }

        /// <summary>Initializes a new instance of the <see cref="SmuBoard"/> class with the charger's senses wired.</summary>
        /// <param name="powerButton">Drives the server's front-panel power switch (asserted = pressed).</param>
        /// <param name="storageRequest">The request latch whose output is the DM's request input for this side (set = connection requested); it holds through the SMU's own reset.</param>
        /// <param name="alarm">The alarm relay (asserted while any alarm is raised).</param>
        /// <param name="powerGood">From the server's PSU (asserted while the server is on).</param>
        /// <param name="storageGranted">The DM's grant feedback for this side.</param>
        /// <param name="repairButton">The momentary REPAIR button (asserted while pressed).</param>
        /// <param name="peerLink">The serial link to the other SMU.</param>
        /// <param name="hostLink">The USB serial link to the host agent.</param>
        /// <param name="externalPower">The charger's power-good (asserted while the SMU's external supply is present).</param>
        /// <param name="batteryLow">The charger's low-battery output (asserted, while <paramref name="externalPower"/> is not, when the cell is nearly flat; asserted while charging otherwise).</param>
        public SmuBoard(
            IOutputLine powerButton,
            ILatch storageRequest,
            IOutputLine alarm,
            IInputLine powerGood,
            IInputLine storageGranted,
            IInputLine repairButton,
            IByteChannel peerLink,
            IByteChannel hostLink,
            IInputLine externalPower,
            IInputLine batteryLow)
            : this(powerButton, storageRequest, alarm, powerGood, storageGranted, repairButton, peerLink, hostLink)
        {
            if (externalPower == null || batteryLow == null)
            {
                throw new ArgumentNullException();
            }

            ExternalPower = externalPower;
            BatteryLow = batteryLow;
        }

        /// <summary>Gets the power-button drive.</summary>
        public IOutputLine PowerButton { get; }

        /// <summary>Gets the storage connect request latch (its output goes to the DM; it holds through an SMU reset).</summary>
        public ILatch StorageRequest { get; }

        /// <summary>Gets the alarm relay.</summary>
        public IOutputLine Alarm { get; }

        /// <summary>Gets the server's power-good input.</summary>
        public IInputLine PowerGood { get; }

        /// <summary>Gets the DM's grant feedback input for this side.</summary>
        public IInputLine StorageGranted { get; }

        /// <summary>Gets the REPAIR button input.</summary>
        public IInputLine RepairButton { get; }

        /// <summary>Gets the link to the peer SMU.</summary>
        public IByteChannel PeerLink { get; }

        /// <summary>Gets the link to the host agent.</summary>
        public IByteChannel HostLink { get; }

        /// <summary>Gets the external-power sense, or null where the board does not have it wired.</summary>
        public IInputLine ExternalPower { get; }

        /// <summary>Gets the charger's low-battery output (meaningful only while <see cref="ExternalPower"/> is deasserted), or null where the board does not have it wired.</summary>
        public IInputLine BatteryLow { get; }
    }
}
