using ColdStandby.Protocol;

namespace ColdStandby.RecordStore
{
    /// <summary>
    /// Answers a <see cref="LogReadRequest"/> over a link: <see cref="LogRecord"/> messages from the
    /// asked sequence number on (records already overwritten are skipped), then one
    /// <see cref="LogReadEnd"/>. The kept ring's entries older than the ring's come first, in
    /// sequence order, with gaps in the numbers where the ring overwrote the others. Paced: a few
    /// records per step and only when the link has sent everything before, so a read-out never
    /// crowds out heartbeats or overruns the channel.
    /// </summary>
    public sealed class LogReadOut
    {
        private readonly EventLog _log;
        private readonly FrameLink _link;
        private readonly int _perStep;
        private readonly EventRecord _entry = new EventRecord();
        private bool _active;
        private uint _next;
        private int _remaining;
        private ushort _sent;

        /// <summary>Initializes a new instance of the <see cref="LogReadOut"/> class.</summary>
        /// <param name="log">The log read.</param>
        /// <param name="link">The link the records go out on.</param>
        /// <param name="perStep">The most records sent per step.</param>
        public LogReadOut(EventLog log, FrameLink link, int perStep)
        {
            if (log == null || link == null)
            {
                throw new System.ArgumentNullException();
            }

            if (perStep < 1)
            {
                throw new System.ArgumentOutOfRangeException();
            }

            _log = log;
            _link = link;
            _perStep = perStep;
        }

        /// <summary>Gets whether a read-out is under way.</summary>
        public bool Active
        {
            get { return _active; }
        }

        /// <summary>
        /// Starts a read-out, or says why not: <see cref="RefusalReason.Busy"/> while one is under
        /// way, <see cref="RefusalReason.OutOfRange"/> from beyond the next sequence number.
        /// </summary>
        public RefusalReason Start(uint fromSequence, ushort maxCount)
        {
            if (_active)
            {
                return RefusalReason.Busy;
            }

            if (fromSequence > _log.NextSequence)
            {
                return RefusalReason.OutOfRange;
            }

            _active = true;
            _next = fromSequence;
            _remaining = maxCount;
            _sent = 0;
            return RefusalReason.None;
        }

        /// <summary>Abandons a read-out (the link was reset).</summary>
        public void Stop()
        {
            _active = false;
        }

        /// <summary>Sends the next records if the link has room; call every step.</summary>
        public void Pace()
        {
            for (int budget = _perStep; _active && budget > 0 && _link.Pending == 0; budget--)
            {
                // Over the gaps between kept entries (and entries the ring overwrote meanwhile).
                _next = _log.NextHeld(_next);

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
