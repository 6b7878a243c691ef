using ColdStandby.Hardware;

namespace ColdStandby.Scenarios.Rig
{
    /// <summary>
    /// A digital line in memory: the logic drives it (an output) or the rig sets it (an input). A
    /// <see cref="Watcher"/> hears every change of level.
    /// </summary>
    public sealed class MemoryLine : IInputLine, IOutputLine
    {
        private bool _value;

        /// <summary>Initializes a new instance of the <see cref="MemoryLine"/> class.</summary>
        /// <param name="name">The line's name in traces, e.g. <c>PowerButton</c>.</param>
        public MemoryLine(string name)
        {
            Name = name;
        }

        /// <summary>Gets the line's name.</summary>
        public string Name { get; }

        /// <summary>Gets or sets who hears each change; null for nobody.</summary>
        public ILineWatcher Watcher { get; set; }

        /// <summary>Gets or sets the level; a change is told to the <see cref="Watcher"/>.</summary>
        public bool Value
        {
            get
            {
                return _value;
            }

            set
            {
                if (_value == value)
                {
                    return;
                }

                _value = value;
                if (Watcher != null)
                {
                    Watcher.Changed(this);
                }
            }
        }
    }

    /// <summary>Hears the changes of <see cref="MemoryLine"/>s.</summary>
    public interface ILineWatcher
    {
        /// <summary>The line changed level (its <see cref="MemoryLine.Value"/> is the new one).</summary>
        /// <param name="line">The line.</param>
        void Changed(MemoryLine line);
    }
}
