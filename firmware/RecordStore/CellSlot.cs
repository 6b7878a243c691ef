using System;
using ColdStandby.Protocol;

namespace ColdStandby.RecordStore
{
    /// <summary>
    /// The on-flash form of one copy of a <see cref="PersistentCell"/>: 12 bytes of framing around the
    /// value (README.md, "Persistent cell slot"). Little-endian; the CRC comes last.
    /// </summary>
    internal static class CellSlot
    {
        /// <summary>Format byte of a cell slot, format 1 ('C', 1). Never 0x00 or 0xFF.</summary>
        internal const byte Magic = 0xC1;

        /// <summary>Where the value starts within a slot.</summary>
        internal const int ValueAt = 8;

        /// <summary>Bytes of a slot that are not the value.</summary>
        internal const int Overhead = ValueAt + 4;

        private const int LengthAt = 1;
        private const int GenerationAt = 4;

        /// <summary>Gets the slot size for a value of <paramref name="length"/> bytes.</summary>
        internal static int SizeFor(int length)
        {
            return Overhead + length;
        }

        /// <summary>Builds a slot at <paramref name="at"/> in <paramref name="image"/>.</summary>
        internal static void Encode(byte[] image, int at, int length, uint generation, byte[] value, int offset)
        {
            image[at] = Magic;
            image[at + LengthAt] = (byte)length;
            image[at + 2] = 0;
            image[at + 3] = 0;
            LittleEndian.WriteUInt32(image, at + GenerationAt, generation);
            Array.Copy(value, offset, image, at + ValueAt, length);
            LittleEndian.WriteUInt32(image, at + ValueAt + length, Crc32C.Compute(image, at, ValueAt + length));
        }

        /// <summary>
        /// Returns the generation of the slot at <paramref name="at"/>, or 0 when it holds no valid
        /// copy of a value of <paramref name="length"/> bytes (format, length or CRC wrong).
        /// </summary>
        internal static uint ValidGeneration(byte[] image, int at, int length)
        {
            if (image[at] != Magic || image[at + LengthAt] != length)
            {
                return 0;
            }

            if (LittleEndian.ReadUInt32(image, at + ValueAt + length) != Crc32C.Compute(image, at, ValueAt + length))
            {
                return 0;
            }

            return LittleEndian.ReadUInt32(image, at + GenerationAt);
        }
    }
}
