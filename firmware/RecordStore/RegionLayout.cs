using System;
using ColdStandby.Hardware;

namespace ColdStandby.RecordStore
{
    /// <summary>
    /// Splits one board region into consecutive slices, front to back, so the layout of a flash
    /// file is written once, in order: <c>Take(PersistentCell.RegionSizeFor(8))</c>, then
    /// <c>TakeRest()</c> for the log. The layout must not change between firmware versions that
    /// share a board's flash, or the stores will open empty.
    /// </summary>
    public sealed class RegionLayout
    {
        private readonly INonVolatileRegion _region;
        private int _used;

        /// <summary>Starts a layout of <paramref name="region"/> at its address 0.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="region"/> is null.</exception>
        public RegionLayout(INonVolatileRegion region)
        {
            if (region == null)
            {
                throw new ArgumentNullException();
            }

            _region = region;
        }

        /// <summary>Gets how many bytes are not yet handed out.</summary>
        public int Remaining
        {
            get { return _region.Size - _used; }
        }

        /// <summary>Hands out the next <paramref name="size"/> bytes.</summary>
        /// <exception cref="ArgumentOutOfRangeException">Fewer than <paramref name="size"/> bytes remain.</exception>
        public RegionSlice Take(int size)
        {
            RegionSlice slice = new RegionSlice(_region, _used, size);
            _used += size;
            return slice;
        }

        /// <summary>Hands out every byte that remains.</summary>
        public RegionSlice TakeRest()
        {
            return Take(Remaining);
        }
    }
}
