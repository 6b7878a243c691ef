using System;
using ColdStandby.Hardware;

namespace ColdStandby.RecordStore
{
    /// <summary>
    /// A sub-range of another non-volatile region, seen as a region of its own (address 0 is
    /// <see cref="Offset"/> in the parent), so one flash file can hold a cell and a log side by side.
    /// Accesses outside the slice are refused, so one store can never write over its neighbour.
    /// </summary>
    public sealed class RegionSlice : INonVolatileRegion
    {
        private readonly INonVolatileRegion _parent;
        private readonly int _offset;
        private readonly int _size;

        /// <summary>Creates the slice of <paramref name="size"/> bytes at <paramref name="offset"/> in <paramref name="parent"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="parent"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range does not lie inside the parent.</exception>
        public RegionSlice(INonVolatileRegion parent, int offset, int size)
        {
            if (parent == null)
            {
                throw new ArgumentNullException();
            }

            if (offset < 0 || size < 0 || size > parent.Size - offset)
            {
                throw new ArgumentOutOfRangeException();
            }

            _parent = parent;
            _offset = offset;
            _size = size;
        }

        /// <summary>Gets where the slice starts in its parent.</summary>
        public int Offset
        {
            get { return _offset; }
        }

        /// <inheritdoc/>
        public int Size
        {
            get { return _size; }
        }

        /// <inheritdoc/>
        /// <exception cref="ArgumentOutOfRangeException">The range does not lie inside the slice.</exception>
        public void Read(int address, byte[] buffer, int offset, int count)
        {
            CheckRange(address, count);
            _parent.Read(_offset + address, buffer, offset, count);
        }

        /// <inheritdoc/>
        /// <exception cref="ArgumentOutOfRangeException">The range does not lie inside the slice.</exception>
        public void Write(int address, byte[] buffer, int offset, int count)
        {
            CheckRange(address, count);
            _parent.Write(_offset + address, buffer, offset, count);
        }

        private void CheckRange(int address, int count)
        {
            if (address < 0 || count < 0 || count > _size - address)
            {
                throw new ArgumentOutOfRangeException();
            }
        }
    }
}
