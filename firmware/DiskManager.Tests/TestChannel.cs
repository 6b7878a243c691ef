using ColdStandby.Hardware;

namespace ColdStandby.Dm.Tests;

/// <summary>
/// A serial link seen from the DM: bytes the test queued come in, bytes the DM writes are kept for
/// the test to read. <see cref="AcceptPerStep"/> makes it a slow UART that takes only so many
/// bytes between two <see cref="NextStep"/> calls. Allocates nothing after construction.
/// </summary>
public sealed class TestChannel : IByteChannel
{
    private readonly byte[] _incoming;
    private readonly byte[] _outgoing;
    private int _incomingAt;
    private int _incomingEnd;
    private int _outgoingEnd;
    private int _acceptedThisStep;

    /// <summary>Creates a channel that holds up to <paramref name="capacity"/> bytes each way.</summary>
    public TestChannel(int capacity = 1 << 16)
    {
        _incoming = new byte[capacity];
        _outgoing = new byte[capacity];
    }

    /// <summary>Gets how many bytes the channel holds each way.</summary>
    public int Capacity => _outgoing.Length;

    /// <summary>Gets or sets the most bytes the DM may write per step; unlimited when negative.</summary>
    public int AcceptPerStep { get; set; } = -1;

    /// <summary>Gets how many bytes the DM wrote and the channel took.</summary>
    public int OutgoingCount => _outgoingEnd;

    /// <summary>Gets how many queued bytes the DM has not read yet.</summary>
    public int IncomingPending => _incomingEnd - _incomingAt;

    /// <summary>Queues bytes for the DM to read.</summary>
    public void Feed(byte[] bytes, int offset, int count)
    {
        if (_incomingAt == _incomingEnd)
        {
            _incomingAt = 0;
            _incomingEnd = 0;
        }

        Array.Copy(bytes, offset, _incoming, _incomingEnd, count);
        _incomingEnd += count;
    }

    /// <summary>Copies out what the DM wrote since the last call and forgets it.</summary>
    public int Drain(byte[] into)
    {
        int count = _outgoingEnd;
        Array.Copy(_outgoing, into, count);
        _outgoingEnd = 0;
        return count;
    }

    /// <summary>Renews the per-step allowance of a slow channel.</summary>
    public void NextStep() => _acceptedThisStep = 0;

    /// <inheritdoc/>
    public int Read(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(count, _incomingEnd - _incomingAt);
        Array.Copy(_incoming, _incomingAt, buffer, offset, n);
        _incomingAt += n;
        return n;
    }

    /// <inheritdoc/>
    public int Write(byte[] buffer, int offset, int count)
    {
        int n = count;
        if (AcceptPerStep >= 0)
        {
            n = Math.Min(n, AcceptPerStep - _acceptedThisStep);
        }

        Array.Copy(buffer, offset, _outgoing, _outgoingEnd, n);
        _outgoingEnd += n;
        _acceptedThisStep += n;
        return n;
    }
}
