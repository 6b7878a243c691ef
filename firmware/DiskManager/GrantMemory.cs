using ColdStandby.Hardware;
using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Dm
{
    /// <summary>
    /// What the DM must know after a reset to decide safely: who held the grant, who held it last,
    /// which sides are fenced, and the grant epoch. Kept in a <see cref="PersistentCell"/> of
    /// <see cref="Length"/> bytes: holder, last holder, fenced sides (bit 0 A, bit 1 B), 0, epoch
    /// (little-endian).
    /// </summary>
    internal sealed class GrantMemory
    {
        /// <summary>The cell's value length.</summary>
        internal const int Length = 8;

        private readonly PersistentCell _cell;
        private readonly byte[] _value = new byte[Length];
        private Side _holder;
        private Side _lastHolder;
        private byte _fenced;
        private uint _epoch;

        /// <summary>Opens the cell at the start of <paramref name="region"/>.</summary>
        internal GrantMemory(INonVolatileRegion region)
        {
            _cell = new PersistentCell(region, Length);
        }

        /// <summary>Gets the holder at the last save.</summary>
        internal Side Holder
        {
            get { return _holder; }
        }

        /// <summary>Gets the side that held the grant last (the holder while one holds).</summary>
        internal Side LastHolder
        {
            get { return _lastHolder; }
        }

        /// <summary>Gets the fenced sides (bit 0 A, bit 1 B), not to be granted again until they have released.</summary>
        internal byte Fenced
        {
            get { return _fenced; }
        }

        /// <summary>Gets the grant epoch at the last save.</summary>
        internal uint Epoch
        {
            get { return _epoch; }
        }

        /// <summary>Gets the region size the cell takes.</summary>
        internal static int RegionSize
        {
            get { return PersistentCell.RegionSizeFor(Length); }
        }

        /// <summary>
        /// Reads the newest saved value; a fresh or unreadable cell reads as nobody holding, epoch 0.
        /// A side byte this firmware does not know reads as no side: never grant on a guess.
        /// </summary>
        internal void Load()
        {
            if (!_cell.Load(_value, 0))
            {
                _holder = Side.None;
                _lastHolder = Side.None;
                _fenced = 0;
                _epoch = 0;
                return;
            }

            _holder = ToSide(_value[0]);
            _lastHolder = ToSide(_value[1]);
            _fenced = (byte)(_value[2] & 3);
            _epoch = LittleEndian.ReadUInt32(_value, 4);
        }

        /// <summary>Saves the state; on return it survives power loss.</summary>
        internal void Save(Side holder, Side lastHolder, byte fenced, uint epoch)
        {
            _value[0] = (byte)holder;
            _value[1] = (byte)lastHolder;
            _value[2] = fenced;
            _value[3] = 0;
            LittleEndian.WriteUInt32(_value, 4, epoch);
            _cell.Save(_value, 0);
            _holder = holder;
            _lastHolder = lastHolder;
            _fenced = fenced;
            _epoch = epoch;
        }

        private static Side ToSide(byte value)
        {
            return value == (byte)Side.A || value == (byte)Side.B ? (Side)value : Side.None;
        }
    }
}
