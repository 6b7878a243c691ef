using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Dm
{
    /// <summary>
    /// Keeps a failing disk from flushing the log ring: a report equal to the one logged last
    /// (same side, enclosure, disk and error code) within the repeat window is counted, not logged;
    /// the count goes into the log as <see cref="EventCode.DiskErrorRepeated"/> when the window
    /// ends or a different error arrives. Every report is still accepted on the link.
    /// </summary>
    internal sealed class DiskErrorRepeats
    {
        private readonly Journal _journal;
        private readonly long _windowMs;
        private bool _hasLast;
        private Side _lastSide;
        private uint _lastArgument;
        private long _windowEndMs;
        private uint _repeats;

        /// <summary>Initializes a new instance of the <see cref="DiskErrorRepeats"/> class.</summary>
        internal DiskErrorRepeats(Journal journal, long windowMs)
        {
            _journal = journal;
            _windowMs = windowMs;
        }

        /// <summary>Gets when a counted run is due to be logged; <see cref="long.MaxValue"/> when none is.</summary>
        internal long DueMs
        {
            get { return _repeats > 0 ? _windowEndMs : long.MaxValue; }
        }

        /// <summary>Logs a report, or counts it when it repeats the last one inside the window.</summary>
        internal void Report(Side side, uint argument, long nowMs)
        {
            if (_hasLast && side == _lastSide && argument == _lastArgument && nowMs < _windowEndMs)
            {
                _repeats++;
                return;
            }

            Flush();
            _journal.Write(EventCode.DiskError, side, argument);
            _hasLast = _windowMs > 0;
            _lastSide = side;
            _lastArgument = argument;
            _windowEndMs = nowMs + _windowMs;
        }

        /// <summary>Logs the count when the window has ended.</summary>
        internal void Step(long nowMs)
        {
            if (_hasLast && nowMs >= _windowEndMs)
            {
                Flush();
                _hasLast = false;
            }
        }

        private void Flush()
        {
            if (_repeats > 0)
            {
                _journal.Write(EventCode.DiskErrorRepeated, _lastSide, _repeats);
                _repeats = 0;
            }
        }
    }
}
