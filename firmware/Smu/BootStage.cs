using System;

namespace ColdStandby.Smu
{
    /// <summary>
    /// One boot checkpoint the SMU times from power-on: the stage must be reached within
    /// <see cref="DeadlineMs"/> of its reference (power-on, or an earlier stage being reached), or
    /// the server has a fault. Stage 0 is always power-good (the input line), stage 1 always the
    /// agent's hello (the OS is loaded); later stages are reported by the agent's
    /// <c>CheckpointReached</c> with their index.
    /// </summary>
    public sealed class BootStage
    {
        /// <summary>The reference value meaning "counted from power-on".</summary>
        public const int FromPowerOn = -1;

        /// <summary>Initializes a new instance of the <see cref="BootStage"/> class.</summary>
        /// <param name="name">A short name for logs and documents, e.g. "services-ready".</param>
        /// <param name="deadlineMs">How long the stage may take from its reference.</param>
        /// <param name="after">The index of the earlier stage it is counted from, or <see cref="FromPowerOn"/>.</param>
        public BootStage(string name, long deadlineMs, int after)
        {
            if (name == null)
            {
                throw new ArgumentNullException();
            }

            Name = name;
            DeadlineMs = deadlineMs;
            After = after;
        }

        /// <summary>Gets the stage's name.</summary>
        public string Name { get; }

        /// <summary>Gets how long the stage may take from its reference, in milliseconds.</summary>
        public long DeadlineMs { get; }

        /// <summary>Gets the index of the earlier stage the deadline is counted from, or <see cref="FromPowerOn"/>.</summary>
        public int After { get; }
    }
}
