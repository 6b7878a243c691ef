using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.DiskManager
{
    /// <summary>
    /// One log read-out in progress: <see cref="LogRecord"/> frames from a sequence number on, a few
    /// per step and only while the link has taken everything before them, then one
    /// <see cref="LogReadEnd"/>. Records overwritten meanwhile by the ring are skipped.
    /// </summary>
    internal sealed class LogReadout
    {
        private readonly EventLog _log;
        private readonly FrameLink _link;
        private readonly int _perStep;
        private readonly EventRecord _entry = new EventRecord();
        private bool _active;
        private uint _next;
        private int _remaining;
        private ushort _sent;

        /// <summary>Reads <paramref name="log"/> out to <paramref name="link"/>.</summary>
        internal LogReadout(EventLog log, FrameLink link, int perStep)
        {
            _log = log;
            _link = link;
            _perStep = perStep;
        }

        /// <summary>Gets whether a read-out is under way (it sends more at every step).</summary>
        internal bool Active
        {
            get { return _active; }
        }

        /// <summary>
        /// Starts a read-out of up to <paramref name="maxCount"/> records from
        /// <paramref name="from"/>. Returns <see cref="RefusalReason.None"/>, or
        /// <see cref="RefusalReason.Busy"/> while one runs, or <see cref="RefusalReason.OutOfRange"/>
        /// when <paramref name="from"/> lies beyond the next sequence number.
        /// </summary>
        internal RefusalReason Start(uint from, ushort maxCount)
        {
            if (_active)
            {
                return RefusalReason.Busy;
            }

            if (from > _log.NextSequence)
            {
                return RefusalReason.OutOfRange;
            }

            _active = true;
            _next = from;
            _remaining = maxCount;
            _sent = 0;
            return RefusalReason.None;
        }

        /// <summary>Sends what this step allows.</summary>
        internal void Pace()
        {
            for (int budget = _perStep; _active && budget > 0 && _link.Pending == 0; budget--)
            {
                if (_next < _log.FirstSequence)
                {
                    _next = _log.FirstSequence;
                }

                if (_remaining == 0 || _next >= _log.NextSequence)
                {
                    LogReadEnd end = _link.Outgoing.LogReadEnd;
                    end.FirstSequence = _log.FirstSequence;
                    end.NextSequence = _log.NextSequence;
                    end.Count = _sent;
                    _link.Send(end);
                    _active = false;
                    return;
                }

                if (_log.TryRead(_next, _entry))
                {
                    LogRecord message = _link.Outgoing.LogRecord;
                    message.Sequence = _entry.Sequence;
                    message.TimeMilliseconds = _entry.Time;
                    message.Code = _entry.Code;
                    message.Side = _entry.Side;
                    message.Argument = _entry.Argument;
                    _link.Send(message);
                    _sent++;
                    _remaining--;
                }

                _next++;
            }
        }
    }
}
