using System;
using ColdStandby.Hardware;

namespace ColdStandby.RecordStore
{
    /// <summary>
    /// A few bytes of state that survive power loss and torn writes (the SMU's mode and epoch, the
    /// DM's grant holder and epoch). Two slots, each with a generation counter and a CRC; a save
    /// always writes the slot that does not hold the newest copy, so a write cut after any byte
    /// leaves either the old value or the new one, never a mix.
    /// </summary>
    /// <remarks>
    /// Not thread-safe. <see cref="Load"/> and <see cref="Save"/> allocate nothing. Each save costs a
    /// write of <c>12 + Length</c> bytes: save on change, not every step.
    /// </remarks>
    public sealed class PersistentCell
    {
        /// <summary>The longest value a cell holds, in bytes.</summary>
        public const int MaxLength = 16;

        private readonly INonVolatileRegion _region;
        private readonly int _length;
        private readonly int _slotSize;
        private readonly byte[] _image;
        private int _newest;
        private uint _generation;

        /// <summary>
        /// Opens the cell kept at the start of <paramref name="region"/> for a value of
        /// <paramref name="length"/> bytes and finds its newest valid copy, if any.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="region"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is not 1 to <see cref="MaxLength"/>.</exception>
        /// <exception cref="ArgumentException">The region is smaller than <see cref="RegionSizeFor"/>.</exception>
        public PersistentCell(INonVolatileRegion region, int length)
        {
            if (region == null)
            {
                throw new ArgumentNullException();
            }

            if (length < 1 || length > MaxLength)
            {
                throw new ArgumentOutOfRangeException();
            }

            if (region.Size < RegionSizeFor(length))
            {
                throw new ArgumentException();
            }

            _region = region;
            _length = length;
            _slotSize = CellSlot.SizeFor(length);
            _image = new byte[2 * _slotSize];
            Scan();
        }

        /// <summary>Gets the value length in bytes.</summary>
        public int Length
        {
            get { return _length; }
        }

        /// <summary>Gets whether a valid copy was found or has been saved.</summary>
        public bool HasValue
        {
            get { return _newest >= 0; }
        }

        /// <summary>Gets the generation of the newest copy (1 for the first save); 0 when none.</summary>
        public uint Generation
        {
            get { return _generation; }
        }

        /// <summary>Gets the region size a cell with a value of <paramref name="length"/> bytes takes.</summary>
        public static int RegionSizeFor(int length)
        {
            return 2 * CellSlot.SizeFor(length);
        }

        /// <summary>
        /// Reads both slots again and copies the newest valid value into <paramref name="into"/> at
        /// <paramref name="offset"/>. Returns false, leaving <paramref name="into"/> as it was, when
        /// neither slot holds a valid copy (a fresh or damaged region).
        /// </summary>
        public bool Load(byte[] into, int offset)
        {
            if (into == null)
            {
                throw new ArgumentNullException();
            }

            Scan();
            if (_newest < 0)
            {
                return false;
            }

            Array.Copy(_image, _newest * _slotSize + CellSlot.ValueAt, into, offset, _length);
            return true;
        }

        /// <summary>
        /// Saves <see cref="Length"/> bytes of <paramref name="value"/> from <paramref name="offset"/>
        /// into the slot that does not hold the newest copy, with the next generation.
        /// </summary>
        public void Save(byte[] value, int offset)
        {
            if (value == null)
            {
                throw new ArgumentNullException();
            }

            int target = _newest == 0 ? 1 : 0;
            uint generation = _generation + 1;
            if (generation == 0)
            {
                generation = 1;
            }

            int at = target * _slotSize;
            CellSlot.Encode(_image, at, _length, generation, value, offset);
            _region.Write(at, _image, at, _slotSize);
            _newest = target;
            _generation = generation;
        }

        /// <summary>
        /// Reads both slots; the newest valid one wins, compared by serial-number arithmetic so the
        /// generation may wrap. Generation 0 is never written and counts as invalid.
        /// </summary>
        private void Scan()
        {
            _region.Read(0, _image, 0, _image.Length);
            uint first = CellSlot.ValidGeneration(_image, 0, _length);
            uint second = CellSlot.ValidGeneration(_image, _slotSize, _length);
            if (first == 0 && second == 0)
            {
                _newest = -1;
                _generation = 0;
            }
            else if (first == 0 || (second != 0 && (int)(second - first) > 0))
            {
                _newest = 1;
                _generation = second;
            }
            else
            {
                _newest = 0;
                _generation = first;
            }
        }
    }
}
