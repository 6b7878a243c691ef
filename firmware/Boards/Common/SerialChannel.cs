using System.IO.Ports;
using ColdStandby.Hardware;
using nanoFramework.Hardware.Esp32;

namespace ColdStandby.Boards
{
    /// <summary>
    /// An <see cref="IByteChannel"/> on an ESP32 UART at 115200 8N1 that never waits. Received bytes are
    /// buffered by the driver (<see cref="ReceiveBuffer"/> bytes) and copied out only as many as are
    /// there; a write is cut to what the UART's 128-byte hardware FIFO has room for, estimated from the
    /// time since the last write, so nanoFramework's native write copies it and returns at once (a
    /// longer write would wait for the line). <see cref="Protocol.FrameLink"/> keeps the rest for the
    /// next step.
    /// </summary>
    internal sealed class SerialChannel : IByteChannel
    {
        /// <summary>The link speed of every ColdStandby link.</summary>
        internal const int BaudRate = 115200;

        /// <summary>The driver's receive buffer: 90 ms of line time, many loop periods.</summary>
        internal const int ReceiveBuffer = 1024;

        // The ESP32 UART's transmit FIFO, less a margin for the estimate's rounding.
        private const int FifoBytes = 128;
        private const int FifoMargin = 16;

        // 10 bits a byte on the line (start, 8 data, stop).
        private const int BytesPerSecond = BaudRate / 10;

        private readonly SerialPort _port;
        private long _inFifo;
        private long _lastWriteUs;

        /// <summary>Routes <paramref name="txPin"/> and <paramref name="rxPin"/> to the UART and opens it.</summary>
        internal SerialChannel(string portName, int txPin, DeviceFunction txFunction, int rxPin, DeviceFunction rxFunction)
        {
            // The ESP32's UART1 defaults to the flash pins: route every UART before opening it.
            Configuration.SetPinFunction(txPin, txFunction);
            Configuration.SetPinFunction(rxPin, rxFunction);
            _port = new SerialPort(portName, BaudRate, Parity.None, 8, StopBits.One);
            _port.Handshake = Handshake.None;
            _port.ReadBufferSize = ReceiveBuffer;
            _port.ReadTimeout = 0;
            // Never reached while the FIFO estimate holds; a bound, not a wait, if it does not.
            _port.WriteTimeout = 50;
            _port.Open();
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            int available = _port.BytesToRead;
            if (available <= 0)
            {
                return 0;
            }

            if (available > count)
            {
                available = count;
            }

            // The driver returns at once when it holds at least the bytes asked for.
            return _port.Read(buffer, offset, available);
        }

        public int Write(byte[] buffer, int offset, int count)
        {
            long nowUs = (long)HighResTimer.GetCurrent();
            long sent = (nowUs - _lastWriteUs) * BytesPerSecond / 1000000;
            _inFifo = sent >= _inFifo ? 0 : _inFifo - sent;
            _lastWriteUs = nowUs;

            long room = FifoBytes - FifoMargin - _inFifo;
            if (room <= 0 || count <= 0)
            {
                return 0;
            }

            int accepted = count < room ? count : (int)room;
            _port.Write(buffer, offset, accepted);
            _inFifo += accepted;
            return accepted;
        }
    }
}
