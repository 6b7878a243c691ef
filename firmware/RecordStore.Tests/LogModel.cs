using ColdStandby.Hardware;

namespace ColdStandby.RecordStore.Tests;

/// <summary>
/// What an event log must hold: the committed records (sequence → attempt) and at most one
/// in-flight record whose write a power cut interrupted. <see cref="Reopen"/> checks a freshly
/// opened log against it (the recovery contract of README.md) and settles the in-flight record.
/// </summary>
internal sealed class LogModel
{
    private readonly Dictionary<uint, int> _committed = new();
    private readonly int _capacity;
    private uint _inFlightSequence;
    private int _inFlightAttempt;

    public LogModel(int capacity) => _capacity = capacity;

    /// <summary>Gets the highest committed sequence (0 when none).</summary>
    public uint LastCommitted { get; private set; }

    /// <summary>Appends through <paramref name="log"/>, classifying the write by the bytes the flash stored.</summary>
    public void Append(EventLog log, SimulatedFlash flash, int attempt)
    {
        long before = flash.BytesWritten;
        uint sequence = TestEvents.Append(log, attempt);
        long stored = flash.BytesWritten - before;
        if (stored == EventLog.SlotSize)
        {
            Assert.Equal(0u, _inFlightSequence);
            Assert.Equal(LastCommitted + 1, sequence);
            _committed[sequence] = attempt;
            LastCommitted = sequence;
        }
        else if (_inFlightSequence == 0)
        {
            _inFlightSequence = sequence;
            _inFlightAttempt = attempt;
        }
    }

    /// <summary>Opens <paramref name="region"/> again and checks everything the contract promises.</summary>
    public EventLog Reopen(INonVolatileRegion region)
    {
        var log = new EventLog(region);
        var record = new EventRecord();
        uint head = log.NextSequence - 1;
        bool inFlightVisible = _inFlightSequence != 0 && head == _inFlightSequence;

        if (inFlightVisible)
        {
            // The interrupted write reached every byte that differs: it must be exactly the new record.
            Assert.True(log.TryRead(head, record));
            Assert.True(TestEvents.Matches(record, head, _inFlightAttempt), $"in-flight record {head} is not the one written");
            _committed[head] = _inFlightAttempt;
            LastCommitted = head;
        }

        Assert.Equal(LastCommitted, head);
        _inFlightSequence = 0;

        // Only the oldest record may be lost, and only when the interrupted write was over its slot.
        uint mustKeepFrom = head >= (uint)_capacity ? head - (uint)_capacity + 2 : 1;
        Assert.InRange(log.FirstSequence, head >= (uint)_capacity ? mustKeepFrom - 1 : 1, mustKeepFrom);
        if (inFlightVisible || head < (uint)_capacity)
        {
            Assert.Equal(head >= (uint)_capacity ? head - (uint)_capacity + 1 : 1, log.FirstSequence);
        }

        for (uint s = log.FirstSequence; s <= head; s++)
        {
            Assert.True(log.TryRead(s, record), $"record {s} lost (first {log.FirstSequence}, head {head})");
            Assert.True(TestEvents.Matches(record, s, _committed[s]), $"record {s} changed");
        }

        Assert.False(log.TryRead(0, record));
        Assert.False(log.TryRead(log.FirstSequence - 1, record));
        Assert.False(log.TryRead(log.NextSequence, record));
        Assert.False(log.TryRead(log.NextSequence + 1, record));
        Assert.False(log.TryRead(uint.MaxValue, record));
        return log;
    }
}
