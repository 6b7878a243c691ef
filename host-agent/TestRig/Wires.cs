using ColdStandby.Hardware;

namespace ColdStandby.HostAgent.TestRig;

/// <summary>One direction of a serial cable between two boards, in memory.</summary>
public sealed class Cable
{
    private readonly Queue<byte> _ab = new();
    private readonly Queue<byte> _ba = new();

    public Cable()
    {
        A = new End(this, _ba, _ab);
        B = new End(this, _ab, _ba);
    }

    /// <summary>Gets or sets whether the cable is cut: nothing written arrives, nothing is read.</summary>
    public bool Cut { get; set; }

    public IByteChannel A { get; }

    public IByteChannel B { get; }

    private sealed class End : IByteChannel
    {
        private readonly Cable _cable;
        private readonly Queue<byte> _in;
        private readonly Queue<byte> _out;

        public End(Cable cable, Queue<byte> inbound, Queue<byte> outbound)
        {
            _cable = cable;
            _in = inbound;
            _out = outbound;
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            int n = 0;
            if (_cable.Cut)
            {
                _in.Clear();
                return 0;
            }

            while (n < count && _in.Count > 0)
            {
                buffer[offset + n++] = _in.Dequeue();
            }

            return n;
        }

        public int Write(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count && !_cable.Cut; i++)
            {
                _out.Enqueue(buffer[offset + i]);
            }

            return count;
        }
    }
}

/// <summary>A serial port nobody is connected to: swallows what is written, never has anything to read.</summary>
public sealed class Unplugged : IByteChannel
{
    public int Read(byte[] buffer, int offset, int count) => 0;

    public int Write(byte[] buffer, int offset, int count) => count;
}

/// <summary>A host link that can be switched from one channel to another (a pty closed and a new one opened).</summary>
public sealed class Switchable : IByteChannel
{
    public IByteChannel Target { get; set; } = new Unplugged();

    public int Read(byte[] buffer, int offset, int count) => Target.Read(buffer, offset, count);

    public int Write(byte[] buffer, int offset, int count) => Target.Write(buffer, offset, count);
}
