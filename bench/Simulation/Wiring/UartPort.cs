using ColdStandby.Hardware;

namespace ColdStandby.Bench.Simulation;

/// <summary>A node's end of a serial link, as its firmware sees it: reads from one direction, writes to the other.</summary>
public sealed class UartPort : IByteChannel
{
    internal UartPort(UartLink incoming, UartLink outgoing)
    {
        In = incoming;
        Out = outgoing;
    }

    /// <summary>Gets the direction this node receives on.</summary>
    public UartLink In { get; }

    /// <summary>Gets the direction this node transmits on.</summary>
    public UartLink Out { get; }

    /// <inheritdoc/>
    public int Read(byte[] buffer, int offset, int count) => In.Read(buffer, offset, count);

    /// <inheritdoc/>
    public int Write(byte[] buffer, int offset, int count) => Out.Write(buffer, offset, count);
}
