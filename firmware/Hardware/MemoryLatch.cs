namespace ColdStandby.Hardware
{
    /// <summary>
    /// An in-memory <see cref="ILatch"/> for tests, the bench and the rigs: it holds through any reset
    /// of the board that drives it and falls only when cleared or when the latch itself loses power.
    /// Two latches can be interlocked as the DM board's are: neither can be set while the other is.
    /// </summary>
    public sealed class MemoryLatch : ILatch
    {
        private MemoryLatch _interlock;
        private bool _value;

        /// <summary>Initializes a new instance of the <see cref="MemoryLatch"/> class, named for traces.</summary>
        public MemoryLatch(string name)
        {
            Name = name;
        }

        /// <summary>Called after the output changed.</summary>
        public event LatchChangedHandler Changed;

        /// <summary>Gets the latch's name.</summary>
        public string Name { get; }

        /// <summary>Gets whether the latch's output is asserted.</summary>
        public bool Value
        {
            get { return _value; }
        }

        /// <summary>Makes each of two latches refuse to be set while the other is (the DM board's cross-coupled D inputs).</summary>
        public static void Interlock(MemoryLatch a, MemoryLatch b)
        {
            a._interlock = b;
            b._interlock = a;
        }

        /// <summary>Sets the latch unless its interlocked partner is set.</summary>
        public void Set()
        {
            if (_interlock == null || !_interlock._value)
            {
                Change(true);
            }
        }

        /// <summary>Clears the latch.</summary>
        public void Clear()
        {
            Change(false);
        }

        /// <summary>The latch's supply fails (or its board is powered up cold): the supervisor clears it.</summary>
        public void LosePower()
        {
            Change(false);
        }

        /// <summary>Forces the output, as a test sets up a board found in a given state.</summary>
        public void Force(bool value)
        {
            Change(value);
        }

        private void Change(bool value)
        {
            if (value == _value)
            {
                return;
            }

            _value = value;
            LatchChangedHandler changed = Changed;
            if (changed != null)
            {
                changed(this, value);
            }
        }
    }

    /// <summary>Reports that a <see cref="MemoryLatch"/>'s output changed to <paramref name="value"/>.</summary>
    public delegate void LatchChangedHandler(MemoryLatch latch, bool value);
}
