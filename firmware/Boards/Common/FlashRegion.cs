using System.IO;
using ColdStandby.Hardware;

namespace ColdStandby.Boards
{
    /// <summary>
    /// An <see cref="INonVolatileRegion"/> in a file of fixed size on the ESP32's internal flash file
    /// system (drive I:). A new or short file is extended with 0xFF, as erased flash reads. Each write
    /// is flushed before it returns; the file system commits it whole or not at all, which the record
    /// store's "any prefix" rule covers.
    /// </summary>
    internal sealed class FlashRegion : INonVolatileRegion
    {
        private const int EraseChunk = 256;

        private readonly FileStream _file;
        private readonly int _size;

        internal FlashRegion(string path, int size)
        {
            _size = size;
            _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
            long length = _file.Length;
            if (length < size)
            {
                byte[] erased = new byte[EraseChunk];
                for (int i = 0; i < erased.Length; i++)
                {
                    erased[i] = 0xFF;
                }

                _file.Seek(length, SeekOrigin.Begin);
                while (length < size)
                {
                    int n = size - length < EraseChunk ? (int)(size - length) : EraseChunk;
                    _file.Write(erased, 0, n);
                    length += n;
                }

                _file.Flush();
            }
        }

        public int Size
        {
            get { return _size; }
        }

        public void Read(int address, byte[] buffer, int offset, int count)
        {
            _file.Seek(address, SeekOrigin.Begin);
            int done = 0;
            while (done < count)
            {
                int n = _file.Read(buffer, offset + done, count - done);
                if (n <= 0)
                {
                    throw new IOException();
                }

                done += n;
            }
        }

        public void Write(int address, byte[] buffer, int offset, int count)
        {
            _file.Seek(address, SeekOrigin.Begin);
            _file.Write(buffer, offset, count);
            _file.Flush();
        }
    }
}
