using ColdStandby.Hardware;

namespace ColdStandby.Scenarios.Rig
{
    /// <summary>
    /// A latch whose output is a <see cref="MemoryLine"/> (so it shows in traces as a line): set and
    /// cleared by the logic, it holds through the logic's reboot; only the rig clears it on a power loss.
    /// </summary>
    public sealed class LineLatch : ILatch
    {
        private readonly MemoryLine _output;

        /// <summary>Initializes a new instance of the <see cref="LineLatch"/> class.</summary>
        /// <param name="output">The line the latch's output drives.</param>
        public LineLatch(MemoryLine output)
        {
            _output = output;
        }

        /// <summary>Gets whether the output is asserted.</summary>
        public bool Value
        {
            get { return _output.Value; }
        }

        /// <summary>Sets the latch.</summary>
        public void Set()
        {
            _output.Value = true;
        }

        /// <summary>Clears the latch.</summary>
        public void Clear()
        {
            _output.Value = false;
        }
    }
}
