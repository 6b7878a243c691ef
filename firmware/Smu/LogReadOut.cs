using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Smu
{
    /// <summary>
    /// A log read-out on the host link: a record goes out only when the link has taken everything
    /// before it (a few per step at most), so a slow channel paces it and the transmit ring stays
    /// free for the frames that matter (a shutdown request, a refusal); then one <see cref="LogReadEnd"/>.
    /// </summary>
    internal sealed class LogReadOut
    {
        private const int PerStep = 8;

        private readonly EventLog _log;
        private readonly EventRecord _record = new EventRecord();
        private bool _active;
        private uint _next;
        private int _remaining;
        private ushort _sent;

        /// <summary>Initializes a new instance of the <see cref="LogReadOut"/> class.</summary>
        internal LogReadOut(EventLog log)
        {
            _log = log;
        }

        /// <summary>Gets whether a read-out is under way.</summary>
        internal bool Active
        {
            get { return _active; }
        }

        /// <summary>Starts a read-out of up to <paramref name="maxCount"/> records from <paramref name="from"/>.</summary>
        internal void Start(uint from, ushort maxCount)
        {
            _active = true;
            _next = from < _log.FirstSequence ? _log.FirstSequence : from;
            _remaining = maxCount;
            _sent = 0;
        }

        /// <summary>Abandons the read-out (the session closed).</summary>
        internal void Stop()
        {
            _active = false;
        }

        /// <summary>Sends what fits now.</summary>
        internal void Pump(FrameLink link)
        {
            for (int budget = PerStep; _active && budget > 0 && link.Pending == 0; budget--)
            {
                if (_remaining > 0 && _next < _log.NextSequence)
                {
                    uint sequence = _next++;
                    if (!_log.TryRead(sequence, _record))
                    {
                        continue;
                    }

                    LogRecord record = link.Outgoing.LogRecord;
                    record.Sequence = _record.Sequence;
                    record.TimeMilliseconds = _record.Time;
                    record.Code = _record.Code;
                    record.Side = _record.Side;
                    record.Argument = _record.Argument;
                    link.Send(record);
                    _remaining--;
                    _sent++;
                    continue;
                }

                LogReadEnd end = link.Outgoing.LogReadEnd;
                end.FirstSequence = _log.FirstSequence;
                end.NextSequence = _log.NextSequence;
                end.Count = _sent;
                link.Send(end);
                _active = false;
            }
        }
    }
}
