using ColdStandby.Hardware;

namespace ColdStandby.RecordStore.Tests;

/// <summary>
/// An in-memory <see cref="INonVolatileRegion"/> that can lose power part-way through a write:
/// after <see cref="CutPowerAfter"/> it accepts that many more bytes, in order, and then nothing
/// (the write in progress keeps the prefix written so far, later writes are dropped) until
/// <see cref="RestorePower"/>. Reads always see the stored bytes. Allocates nothing per access.
/// </summary>
public sealed class SimulatedFlash : INonVolatileRegion
{
    private readonly byte[] _bytes;
    private long _budget = -1;

    /// <summary>Creates a region of <paramref name="size"/> bytes, every one <paramref name="fill"/> (erased flash is 0xFF).</summary>
    public SimulatedFlash(int size, byte fill = 0xFF)
    {
        _bytes = new byte[size];
        Array.Fill(_bytes, fill);
    }

    /// <summary>Gets the stored bytes themselves, for tests that inspect or damage them.</summary>
    public byte[] Bytes => _bytes;

    /// <inheritdoc/>
    public int Size => _bytes.Length;

    /// <summary>Gets whether power is lost (writes are being dropped).</summary>
    public bool PowerLost => _budget == 0;

    /// <summary>Gets how many bytes have been stored since creation (dropped ones not counted).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Gets how many Write calls were made, dropped ones included.</summary>
    public long WriteCalls { get; private set; }

    /// <summary>Arms a power cut: <paramref name="bytes"/> more bytes are stored, then none.</summary>
    public void CutPowerAfter(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        _budget = bytes;
    }

    /// <summary>Power is back: writes are stored again and no cut is armed.</summary>
    public void RestorePower() => _budget = -1;

    /// <summary>Gives the region a copy of another one's bytes (same size).</summary>
    public void CopyFrom(SimulatedFlash other) => Buffer.BlockCopy(other._bytes, 0, _bytes, 0, _bytes.Length);

    /// <inheritdoc/>
    public void Read(int address, byte[] buffer, int offset, int count)
    {
        CheckRange(address, count);
        Buffer.BlockCopy(_bytes, address, buffer, offset, count);
    }

    /// <inheritdoc/>
    public void Write(int address, byte[] buffer, int offset, int count)
    {
        CheckRange(address, count);
        WriteCalls++;
        int stored = count;
        if (_budget >= 0 && _budget < count)
        {
            stored = (int)_budget;
        }

        Buffer.BlockCopy(buffer, offset, _bytes, address, stored);
        BytesWritten += stored;
        if (_budget >= 0)
        {
            _budget -= stored;
        }
    }

    private void CheckRange(int address, int count)
    {
        if (address < 0 || count < 0 || count > _bytes.Length - address)
        {
            throw new ArgumentOutOfRangeException(nameof(address), $"{address}+{count} outside 0..{_bytes.Length}");
        }
    }
}
