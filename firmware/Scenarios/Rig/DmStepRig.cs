using ColdStandby.Dm;
using ColdStandby.Hardware;

namespace ColdStandby.Scenarios.Rig
{
    /// <summary>
    /// The Disk Manager in its steady state, for measuring a step: side A requests and holds the
    /// grant, side B waits, nothing on either link. Nothing is allocated per step.
    /// </summary>
    public sealed class DmStepRig
    {
        // Room for everything a step sends or receives: the rig allocates nothing once built.
        private const int Capacity = 4096;

        private readonly DiskManagerConfig _config = new DiskManagerConfig();
        private readonly DiskManagerIo _io;
        private readonly RamRegion _region;

        /// <summary>Initializes a new instance of the <see cref="DmStepRig"/> class: the board, not yet the DM.</summary>
        public DmStepRig()
        {
            MemoryLine requestA = new MemoryLine("RequestA");
            MemoryLine requestB = new MemoryLine("RequestB");
            requestA.Value = true;
            requestB.Value = true;
            MemoryLatch accessA = new MemoryLatch("AccessA");
            MemoryLatch accessB = new MemoryLatch("AccessB");
            MemoryLatch.Interlock(accessA, accessB);
            _io = new DiskManagerIo(requestA, requestB, accessA, accessB, new MemoryChannel(Capacity), new MemoryChannel(Capacity));
            _region = new RamRegion(DiskManager.RegionSizeFor(_config));
        }

        /// <summary>Gets the DM (null before <see cref="Start"/>).</summary>
        public DiskManager Dm { get; private set; }

        /// <summary>Constructs the DM: what the board's program does at boot.</summary>
        public void Start()
        {
            Dm = new DiskManager(_config, _io, _region);
        }

        /// <summary>One step.</summary>
        /// <param name="nowMs">The time.</param>
        public void Step(long nowMs)
        {
            Dm.Step(nowMs);
        }
    }
}
