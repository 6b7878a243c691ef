using ColdStandby.Hardware;

namespace ColdStandby.Smu.Tests.Harness;

/// <summary>
/// One end of a serial link as the SMU sees it: bytes the test queues are read by the SMU, bytes
/// the SMU writes are collected for the test. <see cref="WriteBudget"/> limits what one step may
/// write (a slow UART), -1 for no limit.
/// </summary>
public sealed class TestChannel : IByteChannel
{
    private readonly Queue<byte> _inbound = new();
    private readonly List<byte> _outbound = new();
    private int _budgetLeft = -1;

    public int WriteBudget { get; set; } = -1;

    public int Read(byte[] buffer, int offset, int count)
    {
        int n = 0;
        while (n < count && _inbound.Count > 0)
        {
            buffer[offset + n++] = _inbound.Dequeue();
        }

        return n;
    }

    public int Write(byte[] buffer, int offset, int count)
    {
        int take = _budgetLeft < 0 ? count : Math.Min(count, _budgetLeft);
        for (int i = 0; i < take; i++)
        {
            _outbound.Add(buffer[offset + i]);
        }

        if (_budgetLeft >= 0)
        {
            _budgetLeft -= take;
        }

        return take;
    }

    /// <summary>Queues bytes for the SMU to read.</summary>
    public void Deliver(byte[] bytes, int count)
    {
        for (int i = 0; i < count; i++)
        {
            _inbound.Enqueue(bytes[i]);
        }
    }

    /// <summary>Takes what the SMU wrote since the last call, and renews the step's write budget.</summary>
    public byte[] TakeWritten()
    {
        byte[] bytes = _outbound.ToArray();
        _outbound.Clear();
        _budgetLeft = WriteBudget;
        return bytes;
    }

    /// <summary>Drops what was queued for the SMU (it was not running to read it).</summary>
    public void DropInbound() => _inbound.Clear();
}
