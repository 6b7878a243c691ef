using System;
using ColdStandby.Hardware;
using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Dm
{
    /// <summary>
    /// The Disk Manager: grants the shared storage to at most one side, keeps the event log, and
    /// serves the management and controller links. Built once at boot, then stepped with the time;
    /// it reads no clock, starts no thread, and allocates nothing after construction.
    /// </summary>
    /// <remarks>
    /// The non-volatile region holds, front to back, the grant memory (<see cref="PersistentCell"/>
    /// of 8 bytes, 40 bytes of region) and the event log (<see cref="DiskManagerConfig.LogCapacity"/>
    /// slots of <see cref="EventLog.SlotSize"/> bytes). See README.md in this folder.
    /// </remarks>
    public sealed class DiskManager
    {
        /// <summary>The firmware's major version, sent in its hello.</summary>
        public const byte FirmwareMajor = 0;

        /// <summary>The firmware's minor version.</summary>
        public const byte FirmwareMinor = 1;

        /// <summary>The firmware's patch version.</summary>
        public const byte FirmwarePatch = 0;

        // Four frames of replies may wait for a slow link; 512 received bytes a step (44 ms of
        // 115200 baud) keep a noisy line from stretching a step.
        private const int TransmitCapacity = 4 * Frame.MaxWireLength;
        private const int ReceiveBytesPerStep = 512;

        private readonly DiskManagerConfig _config;
        private readonly Journal _journal;
        private readonly GrantArbiter _arbiter;
        private readonly FrameLink _managementLink;
        private readonly FrameLink _controllerLink;
        private readonly ManagementSession _management;
        private readonly ControllerReports _controllers;
        private long _step;

        /// <summary>
        /// Builds the DM and opens the grant memory and the log in <paramref name="region"/>. The
        /// access latches are left as the board holds them: the first <see cref="Step"/> reads them
        /// back and keeps a holder that kept its access through the DM's reset.
        /// </summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The configuration does not validate, or the region is smaller than <see cref="RegionSizeFor"/>.</exception>
        public DiskManager(DiskManagerConfig config, DiskManagerIo io, INonVolatileRegion region)
        {
            if (config == null || io == null || region == null)
            {
                throw new ArgumentNullException();
            }

            if (config.Validate() != null || region.Size < RegionSizeFor(config))
            {
                throw new ArgumentException();
            }

            _config = config;
            RegionLayout layout = new RegionLayout(region);
            GrantMemory memory = new GrantMemory(layout.Take(GrantMemory.RegionSize));
            RegionSlice ring = layout.Take(EventLog.RegionSizeFor(config.LogCapacity));
            _journal = new Journal(new EventLog(ring, layout.Take(EventLog.RegionSizeFor(KeptRecords.Capacity))));
            KeptRecords.Choose(_journal);
            _arbiter = new GrantArbiter(config, io, memory, _journal);
            // Both links share one set to decode into and one to send from: each step handles every
            // management message, then every controller report, as it arrives, and every sender fills
            // its message first (both hello gates fill the same identity).
            MessageSet incoming = new MessageSet();
            MessageSet outgoing = new MessageSet();
            _managementLink = new FrameLink(io.ManagementLink, TransmitCapacity, ReceiveBytesPerStep, incoming, outgoing);
            // A management tool's cable comes from outside the cabinet: an earlier fence or time set
            // put on it again is dropped, not carried out twice.
            _managementLink.InOrderOnly = true;
            _controllerLink = new FrameLink(io.ControllerLink, TransmitCapacity, ReceiveBytesPerStep, incoming, outgoing);
            _management = new ManagementSession(_managementLink, _arbiter, _journal, config.LogRecordsPerStep);
            _controllers = new ControllerReports(_controllerLink, _journal, config.DiskErrorRepeatWindowMilliseconds);
        }

        /// <summary>Gets the configuration the DM was built with.</summary>
        public DiskManagerConfig Config
        {
            get { return _config; }
        }

        /// <summary>Gets the side holding the grant, or <see cref="Side.None"/>.</summary>
        public Side Holder
        {
            get { return _arbiter.Holder; }
        }

        /// <summary>Gets the grant epoch: the number of the present (or last) holding; a fence must name it.</summary>
        public uint Epoch
        {
            get { return _arbiter.Epoch; }
        }

        /// <summary>Gets whether nobody holds the grant because a change of holder is settling.</summary>
        public bool Settling
        {
            get { return _arbiter.Settling; }
        }

        /// <summary>Gets the fenced sides, not granted again until their request has been released: bit 0 side A, bit 1 side B.</summary>
        public byte FencedSides
        {
            get { return _arbiter.FencedSides; }
        }

        /// <summary>Gets the requests seen at the last step: bit 0 side A, bit 1 side B.</summary>
        public byte Requests
        {
            get { return _arbiter.Requests; }
        }

        /// <summary>Gets whether a management tool has set the time since the DM started.</summary>
        public bool ClockSet
        {
            get { return _journal.ClockSet; }
        }

        /// <summary>Gets the event log.</summary>
        public EventLog Log
        {
            get { return _journal.Log; }
        }

        /// <summary>Gets how many frames the management link delivered and dropped, by reason.</summary>
        public LinkCounters ManagementCounters
        {
            get { return _managementLink.Counters; }
        }

        /// <summary>Gets how many frames the controller link delivered and dropped, by reason.</summary>
        public LinkCounters ControllerCounters
        {
            get { return _controllerLink.Counters; }
        }

        /// <summary>
        /// Gets the earliest time at which <see cref="Step"/> has something to do on time alone: a
        /// holder's absent request counts as released, the settle time ends, a fence lifts, a log
        /// read-out goes on. <see cref="long.MinValue"/> before the first step. Besides this time,
        /// only a changed request line, arrived bytes or a link that can take more bytes give Step
        /// work, so a loop (or the bench) may sleep until the earliest of those; stepping earlier
        /// is always allowed.
        /// </summary>
        public long NextDueMs
        {
            get
            {
                if (_step == 0)
                {
                    return long.MinValue;
                }

                if (_management.Sending)
                {
                    return _journal.NowMs + 1;
                }

                long controllers = _controllers.DueMs;
                long arbiter = _arbiter.DueMs;
                return controllers < arbiter ? controllers : arbiter;
            }
        }

        /// <summary>Gets the region size a configuration needs: the grant memory, the log's ring, then its kept ring of 64.</summary>
        public static int RegionSizeFor(DiskManagerConfig config)
        {
            if (config == null)
            {
                throw new ArgumentNullException();
            }

            return GrantMemory.RegionSize + EventLog.RegionSizeFor(config.LogCapacity) + EventLog.RegionSizeFor(KeptRecords.Capacity);
        }

        /// <summary>
        /// Runs one step at <paramref name="nowMs"/>, the board's milliseconds since boot (never
        /// decreasing): samples the requests, applies the reset rule at the first step, serves both
        /// links, then releases or grants.
        /// </summary>
        public void Step(long nowMs)
        {
            _step++;
            _journal.Advance(nowMs);
            _arbiter.Sample(nowMs, _step);
            if (_step == 1)
            {
                _arbiter.Start(nowMs, _step);
            }

            _management.Step(nowMs, _step);
            _controllers.Step();
            _arbiter.Step(nowMs, _step);
        }
    }
}
