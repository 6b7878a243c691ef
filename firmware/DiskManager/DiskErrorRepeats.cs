using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Dm
{
    /// <summary>
    /// Keeps failing disks from flushing the log ring: a report equal to one logged within the
    /// repeat window (same side, enclosure, disk and error code) is counted, not logged. Up to
    /// <see cref="Tracked"/> different errors are followed at once, so disks erroring in turn are
    /// counted too. Each error's count goes into the log as <see cref="EventCode.DiskErrorRepeated"/>
    /// when its window ends, or when a new error needs its place. Every report is still accepted
    /// on the link.
    /// </summary>
    internal sealed class DiskErrorRepeats
    {
        /// <summary>How many different errors are counted at once (more, in turn, are logged one by one).</summary>
        internal const int Tracked = 8;

        private readonly Journal _journal;
        private readonly long _windowMs;
        private readonly bool[] _used = new bool[Tracked];
        private readonly Side[] _side = new Side[Tracked];
        private readonly uint[] _argument = new uint[Tracked];
        private readonly long[] _windowEndMs = new long[Tracked];
        private readonly uint[] _repeats = new uint[Tracked];

        /// <summary>Initializes a new instance of the <see cref="DiskErrorRepeats"/> class.</summary>
        internal DiskErrorRepeats(Journal journal, long windowMs)
        {
            _journal = journal;
            _windowMs = windowMs;
        }

        /// <summary>Gets when a counted error's window ends and its count is due to be logged; <see cref="long.MaxValue"/> when none is.</summary>
        internal long DueMs
        {
            get
            {
                long due = long.MaxValue;
                for (int i = 0; i < Tracked; i++)
                {
                    if (_used[i] && _repeats[i] > 0 && _windowEndMs[i] < due)
                    {
                        due = _windowEndMs[i];
                    }
                }

                return due;
            }
        }

        /// <summary>Logs a report, or counts it when it repeats one logged inside its window.</summary>
        internal void Report(Side side, uint argument, long nowMs)
        {
            Step(nowMs);
            int slot = -1;
            for (int i = 0; i < Tracked; i++)
            {
                if (_used[i] && _side[i] == side && _argument[i] == argument)
                {
                    _repeats[i]++;
                    return;
                }

                // A free place, else the error whose window ends first gives up its place.
                if (!_used[i])
                {
                    if (slot < 0 || _used[slot])
                    {
                        slot = i;
                    }
                }
                else if (slot < 0 || (_used[slot] && _windowEndMs[i] < _windowEndMs[slot]))
                {
                    slot = i;
                }
            }

            _journal.Write(EventCode.DiskError, side, argument);
            if (_windowMs <= 0)
            {
                return;
            }

            Flush(slot);
            _used[slot] = true;
            _side[slot] = side;
            _argument[slot] = argument;
            _windowEndMs[slot] = nowMs + _windowMs;
        }

        /// <summary>Logs the counts of the errors whose window has ended.</summary>
        internal void Step(long nowMs)
        {
            for (int i = 0; i < Tracked; i++)
            {
                if (_used[i] && nowMs >= _windowEndMs[i])
                {
                    Flush(i);
                }
            }
        }

        /// <summary>Logs a place's count, if any, and frees it.</summary>
        private void Flush(int slot)
        {
            if (_used[slot] && _repeats[slot] > 0)
            {
                // The error's enclosure and disk, and the count (at most 65535) in place of the error code.
                uint count = _repeats[slot] > 0xFFFF ? 0xFFFF : _repeats[slot];
                _journal.Write(EventCode.DiskErrorRepeated, _side[slot], (_argument[slot] & 0xFFFF0000) | count);
            }

            _used[slot] = false;
            _repeats[slot] = 0;
        }
    }
}
