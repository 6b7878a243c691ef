using System;
using ColdStandby.Hardware;

namespace ColdStandby.Scenarios.Rig
{
    /// <summary>
    /// A serial link in memory, seen from the logic: bytes the rig <see cref="Feed"/>s are what the
    /// logic reads; bytes the logic writes wait for the rig to <see cref="Drain"/> them. A
    /// <see cref="WriteBudget"/> makes it a slow UART that takes only so many bytes between two
    /// <see cref="NextStep"/> calls.
    /// </summary>
    public sealed class MemoryChannel : IByteChannel
    {
        private byte[] _incoming;
        private byte[] _outgoing;
        private int _incomingAt;
        private int _incomingEnd;
        private int _outgoingEnd;
        private int _left = -1;

        /// <summary>Initializes a new instance of the <see cref="MemoryChannel"/> class; it grows as needed.</summary>
        public MemoryChannel()
            : this(256)
        {
        }

        /// <summary>Initializes a new instance of the <see cref="MemoryChannel"/> class holding <paramref name="capacity"/> bytes each way before it grows.</summary>
        /// <param name="capacity">Bytes each way.</param>
        public MemoryChannel(int capacity)
        {
            _incoming = new byte[capacity];
            _outgoing = new byte[capacity];
        }

        /// <summary>Gets or sets the most bytes the logic may write per step; unlimited when negative.</summary>
        public int WriteBudget { get; set; } = -1;

        /// <summary>Gets how many bytes each way the channel holds before it grows (a drain buffer this long takes all).</summary>
        public int Capacity
        {
            get { return _outgoing.Length; }
        }

        /// <summary>Gets how many fed bytes the logic has not read yet.</summary>
        public int IncomingPending
        {
            get { return _incomingEnd - _incomingAt; }
        }

        /// <summary>Gets how many written bytes wait to be drained.</summary>
        public int OutgoingPending
        {
            get { return _outgoingEnd; }
        }

        /// <summary>Queues bytes for the logic to read.</summary>
        /// <param name="bytes">The buffer.</param>
        /// <param name="offset">Where the bytes start.</param>
        /// <param name="count">How many.</param>
        public void Feed(byte[] bytes, int offset, int count)
        {
            if (_incomingAt == _incomingEnd)
            {
                _incomingAt = 0;
                _incomingEnd = 0;
            }

            if (_incomingEnd + count > _incoming.Length)
            {
                byte[] larger = new byte[(2 * _incoming.Length) + count];
                Array.Copy(_incoming, _incomingAt, larger, 0, _incomingEnd - _incomingAt);
                _incomingEnd -= _incomingAt;
                _incomingAt = 0;
                _incoming = larger;
            }

            Array.Copy(bytes, offset, _incoming, _incomingEnd, count);
            _incomingEnd += count;
        }

        /// <summary>Forgets the bytes queued for the logic (it was not running to read them).</summary>
        public void DropIncoming()
        {
            _incomingAt = 0;
            _incomingEnd = 0;
        }

        /// <summary>Copies out what the logic wrote since the last call and forgets it.</summary>
        /// <param name="into">Where to copy; grown by the caller to <see cref="OutgoingPending"/> if needed.</param>
        /// <returns>How many bytes were copied.</returns>
        public int Drain(byte[] into)
        {
            int count = _outgoingEnd < into.Length ? _outgoingEnd : into.Length;
            Array.Copy(_outgoing, into, count);
            Array.Copy(_outgoing, count, _outgoing, 0, _outgoingEnd - count);
            _outgoingEnd -= count;
            return count;
        }

        /// <summary>Renews the per-step write budget.</summary>
        public void NextStep()
        {
            _left = WriteBudget;
        }

        /// <inheritdoc/>
        public int Read(byte[] buffer, int offset, int count)
        {
            int n = _incomingEnd - _incomingAt;
            if (n > count)
            {
                n = count;
            }

            Array.Copy(_incoming, _incomingAt, buffer, offset, n);
            _incomingAt += n;
            return n;
        }

        /// <inheritdoc/>
        public int Write(byte[] buffer, int offset, int count)
        {
            int n = _left >= 0 && count > _left ? _left : count;
            if (_outgoingEnd + n > _outgoing.Length)
            {
                byte[] larger = new byte[(2 * _outgoing.Length) + n];
                Array.Copy(_outgoing, larger, _outgoingEnd);
                _outgoing = larger;
            }

            Array.Copy(buffer, offset, _outgoing, _outgoingEnd, n);
            _outgoingEnd += n;
            if (_left >= 0)
            {
                _left -= n;
            }

            return n;
        }
    }
}
