using ColdStandby.Hardware;

namespace ColdStandby.RecordStore.Tests;

/// <summary>
/// What an event log must hold: the committed records (sequence → attempt), which of them were
/// kept, and at most one in-flight record whose write a power cut interrupted. <see cref="Reopen"/>
/// checks a freshly opened log against it (the recovery contract of README.md) and settles the
/// in-flight record.
/// </summary>
internal sealed class LogModel
{
    private readonly Dictionary<uint, int> _committed = new();
    private readonly List<uint> _kept = new();
    private readonly HashSet<uint> _keptLost = new();
    private readonly int _capacity;
    private readonly int _keptCapacity;
    private uint _inFlightSequence;
    private int _inFlightAttempt;
    private bool _inFlightKept;

    public LogModel(int capacity, int keptCapacity = 0)
    {
        _capacity = capacity;
        _keptCapacity = keptCapacity;
    }

    /// <summary>Gets the highest committed sequence (0 when none).</summary>
    public uint LastCommitted { get; private set; }

    /// <summary>Gets how many kept records were committed.</summary>
    public int KeptCommitted => _kept.Count;

    /// <summary>Appends through <paramref name="log"/>, classifying the write by the bytes the flash stored.</summary>
    public void Append(EventLog log, SimulatedFlash flash, int attempt, bool keep = false)
    {
        long before = flash.BytesWritten;
        uint sequence = TestEvents.Append(log, attempt, keep);
        long stored = flash.BytesWritten - before;
        bool kept = keep && _keptCapacity > 0;
        if (stored == (kept ? 2 : 1) * EventLog.SlotSize)
        {
            Assert.Equal(0u, _inFlightSequence);
            Assert.Equal(LastCommitted + 1, sequence);
            _committed[sequence] = attempt;
            LastCommitted = sequence;
            if (kept)
            {
                _kept.Add(sequence);
            }
        }
        else if (_inFlightSequence == 0)
        {
            _inFlightSequence = sequence;
            _inFlightAttempt = attempt;
            _inFlightKept = kept;
            if (kept && stored > 0 && stored < EventLog.SlotSize && _kept.Count >= _keptCapacity)
            {
                // The cut tore the kept slot being overwritten: the kept record it held is gone.
                _keptLost.Add(_kept[_kept.Count - _keptCapacity]);
            }
        }
    }

    /// <summary>Opens <paramref name="region"/> (with its kept ring in <paramref name="kept"/>) again and checks everything the contract promises.</summary>
    public EventLog Reopen(INonVolatileRegion region, INonVolatileRegion? kept = null)
    {
        var log = new EventLog(region, kept);
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
            if (_inFlightKept)
            {
                _kept.Add(head);
            }
        }

        Assert.Equal(LastCommitted, head);
        _inFlightSequence = 0;

        // Only the ring's oldest record may be lost, and only when the interrupted write was over its slot.
        uint ringFirst = log.RingFirstSequence;
        uint mustKeepFrom = head >= (uint)_capacity ? head - (uint)_capacity + 2 : 1;
        Assert.InRange(ringFirst, head >= (uint)_capacity ? mustKeepFrom - 1 : 1, mustKeepFrom);
        if (inFlightVisible || head < (uint)_capacity)
        {
            Assert.Equal(head >= (uint)_capacity ? head - (uint)_capacity + 1 : 1, ringFirst);
        }

        var held = new SortedSet<uint>();
        for (uint s = ringFirst; s <= head; s++)
        {
            Assert.True(log.TryRead(s, record), $"record {s} lost (ring first {ringFirst}, head {head})");
            Assert.True(TestEvents.Matches(record, s, _committed[s]), $"record {s} changed");
            held.Add(s);
        }

        // The newest kept records, but one whose kept slot a cut tore, outlive the ring.
        for (int i = Math.Max(0, _kept.Count - _keptCapacity); i < _kept.Count; i++)
        {
            uint s = _kept[i];
            if (_keptLost.Contains(s) && s < ringFirst)
            {
                // Its slot was torn, unless the cut came before the first byte that differs.
                if (log.TryRead(s, record))
                {
                    Assert.True(TestEvents.Matches(record, s, _committed[s]), $"kept record {s} changed");
                    held.Add(s);
                }

                continue;
            }

            Assert.True(log.TryRead(s, record), $"kept record {s} lost (ring first {ringFirst}, head {head})");
            Assert.True(TestEvents.Matches(record, s, _committed[s]), $"kept record {s} changed");
            held.Add(s);
        }

        // Walking the log in order finds exactly those, and the first is the oldest of them.
        var walked = new List<uint>();
        for (uint s = log.NextHeld(log.FirstSequence); s < log.NextSequence; s = log.NextHeld(s + 1))
        {
            if (log.TryRead(s, record))
            {
                walked.Add(s);
            }
        }

        Assert.Equal(held, walked);
        Assert.Equal(held.Count == 0 ? log.NextSequence : held.Min, log.FirstSequence);
        Assert.Equal(held.Count, log.Count);

        Assert.False(log.TryRead(0, record));
        Assert.False(log.TryRead(log.FirstSequence - 1, record));
        Assert.False(log.TryRead(log.NextSequence, record));
        Assert.False(log.TryRead(log.NextSequence + 1, record));
        Assert.False(log.TryRead(uint.MaxValue, record));
        return log;
    }
}
