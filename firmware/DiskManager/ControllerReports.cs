using ColdStandby.Protocol;

namespace ColdStandby.DiskManager
{
    /// <summary>
    /// The controller link: disk controllers' error reports go into the log and are accepted. A
    /// controller need not say hello first (a report must not be lost to a missed handshake), but a
    /// controller whose hello named another protocol version is refused until it sends a good one.
    /// </summary>
    internal sealed class ControllerReports
    {
        private readonly LinkPort _port;
        private readonly HelloGate _gate;
        private readonly Journal _journal;

        /// <summary>Logs the reports arriving on <paramref name="port"/> in <paramref name="journal"/>.</summary>
        internal ControllerReports(LinkPort port, Journal journal)
        {
            _port = port;
            _gate = new HelloGate(port, false);
            _journal = journal;
        }

        /// <summary>Handles what arrived.</summary>
        internal void Step()
        {
            _port.BeginStep();
            while (_port.Receive())
            {
                if (!_gate.Admit())
                {
                    continue;
                }

                if (_port.Message.Type != MessageType.DiskErrorReport)
                {
                    _port.Refuse(RefusalReason.NotHandled, 0);
                    continue;
                }

                DiskErrorReport report = (DiskErrorReport)_port.Message;
                uint argument = ((uint)report.Enclosure << 24) | ((uint)report.Disk << 16) | report.ErrorCode;
                _journal.Write(EventCode.DiskError, report.Side, argument);
                _port.Accept();
            }
        }
    }
}
