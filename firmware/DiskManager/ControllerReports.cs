using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Dm
{
    /// <summary>
    /// The controller link: disk controllers' error reports go into the log and are accepted. A
    /// controller need not say hello first (a report must not be lost to a missed handshake), but a
    /// controller whose hello named another protocol version is refused until it sends a good one.
    /// </summary>
    internal sealed class ControllerReports
    {
        private readonly FrameLink _link;
        private readonly HelloGate _gate;
        private readonly Journal _journal;
        private readonly DiskErrorRepeats _repeats;

        /// <summary>Logs the reports arriving on <paramref name="link"/> in <paramref name="journal"/>.</summary>
        internal ControllerReports(FrameLink link, Journal journal, long repeatWindowMs)
        {
            _link = link;
            _gate = new HelloGate(link, false);
            _journal = journal;
            _repeats = new DiskErrorRepeats(journal, repeatWindowMs);
        }

        /// <summary>Gets when a counted run of repeated reports is due to be logged.</summary>
        internal long DueMs
        {
            get { return _repeats.DueMs; }
        }

        /// <summary>Handles what arrived.</summary>
        internal void Step()
        {
            _repeats.Step(_journal.NowMs);
            _link.BeginStep();

            // A frame is taken in only when its reply fits: a chatty peer is slowed down, never
            // answered with silence.
            while (_link.HasRoomForFrame && _link.Receive())
            {
                if (!_gate.Admit())
                {
                    continue;
                }

                if (_link.Message.Type != MessageType.DiskErrorReport)
                {
                    _link.Refuse(RefusalReason.NotHandled, 0);
                    continue;
                }

                DiskErrorReport report = (DiskErrorReport)_link.Message;
                uint argument = ((uint)report.Enclosure << 24) | ((uint)report.Disk << 16) | report.ErrorCode;
                _repeats.Report(report.Side, argument, _journal.NowMs);
                _link.Accept();
            }
        }
    }
}
