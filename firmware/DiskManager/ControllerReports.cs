using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.DiskManager
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

        /// <summary>Logs the reports arriving on <paramref name="link"/> in <paramref name="journal"/>.</summary>
        internal ControllerReports(FrameLink link, Journal journal)
        {
            _link = link;
            _gate = new HelloGate(link, false);
            _journal = journal;
        }

        /// <summary>Handles what arrived.</summary>
        internal void Step()
        {
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
                _journal.Write(EventCode.DiskError, report.Side, argument);
                _link.Accept();
            }
        }
    }
}
