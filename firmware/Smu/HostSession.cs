using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Smu
{
    /// <summary>
    /// The host link session with the agent (or an operator's tool). The agent's hello is answered
    /// with the SMU's own, which tells it which side it runs on; before a hello with our protocol
    /// version every request is refused (NoSession, VersionMismatch). Requests are answered with
    /// the reply, <see cref="Accepted"/> or <see cref="Refusal"/>; the periodic reports (kick,
    /// controller health) are answered only when refused. The session ends when the server's power
    /// goes, and a hello while it is off is refused (<see cref="RefusalReason.ServerOff"/>).
    /// </summary>
    internal sealed class HostSession
    {
        private readonly ServerManagementUnit _smu;
        private readonly FrameLink _link;
        // A few records a step keeps a read-out from crowding out the kicks' answers and heartbeats.
        private const int ReadOutRecordsPerStep = 8;

        private readonly LogReadOut _readOut;
        private bool _open;

        /// <summary>Initializes a new instance of the <see cref="HostSession"/> class.</summary>
        internal HostSession(ServerManagementUnit smu)
        {
            _smu = smu;
            _link = smu.Host;
            _readOut = new LogReadOut(smu.Journal.Log, smu.Host, ReadOutRecordsPerStep);
        }

        /// <summary>Gets whether a session is open.</summary>
        internal bool Open
        {
            get { return _open; }
        }

        /// <summary>Gets whether a log read-out is sending (it goes on at every step that finds room on the link).</summary>
        internal bool Sending
        {
            get { return _readOut.Active; }
        }

        /// <summary>Ends the session (the server went off).</summary>
        internal void Close()
        {
            _open = false;
            _readOut.Stop();
        }

        /// <summary>Acts on the message the link delivered last.</summary>
        internal void Handle()
        {
            Message message = _link.Message;
            MessageType type = message.Type;
            if (type == MessageType.Hello)
            {
                Hello((Hello)message);
                return;
            }

            if (type == MessageType.Accepted || type == MessageType.Refusal)
            {
                return;
            }

            if (!_open)
            {
                if (type == MessageType.Kick)
                {
                    _smu.Watch.Kick(false);
                }

                _link.Refuse(RefusalReason.NoSession, 0);
                return;
            }

            if (type == MessageType.Kick)
            {
                _smu.Watch.Kick(true);
            }
            else if (type == MessageType.ControllerHealth)
            {
                _smu.Watch.Health((ControllerHealth)message);
            }
            else if (type == MessageType.CheckpointReached)
            {
                bool known = _smu.Watch.Checkpoint(((CheckpointReached)message).Stage);
                Answer(known ? RefusalReason.None : RefusalReason.OutOfRange, (byte)_smu.Config.BootStages.Length);
            }
            else if (type == MessageType.FaultReport)
            {
                FaultReport fault = (FaultReport)message;
                Answer(_smu.Watch.Report(fault.Kind, fault.Detail), (byte)_smu.State.Mode);
            }
            else if (type == MessageType.ShutdownStarted || type == MessageType.ShutdownDone)
            {
                // Noted by answering; what counts is power-good going low.
                _link.Accept();
            }
            else if (type == MessageType.TimeSet)
            {
                TimeSet((TimeSet)message);
            }
            else if (type == MessageType.StatusRequest)
            {
                SendStatus();
            }
            else if (type == MessageType.LogReadRequest)
            {
                StartReadOut((LogReadRequest)message);
            }
            else if (type == MessageType.OperatorCommand)
            {
                _smu.Commands.FromHost((OperatorCommand)message);
            }
            else if (type == MessageType.MaintenanceHold)
            {
                byte detail;
                RefusalReason reason = _smu.Watch.Hold(((MaintenanceHold)message).Seconds, out detail);
                Answer(reason, detail);
            }
            else
            {
                _link.Refuse(RefusalReason.NotHandled, 0);
            }
        }

        /// <summary>Closes the session when the server is off; sends what the read-out has room for.</summary>
        internal void Step()
        {
            if (_open && !_smu.PowerGood)
            {
                Close();
            }

            _readOut.Pace();
        }

        private void Hello(Hello hello)
        {
            if (hello.ProtocolVersion != Frame.ProtocolVersion)
            {
                Close();
                _link.Refuse(RefusalReason.VersionMismatch, Frame.ProtocolVersion);
                return;
            }

            if (hello.Node != NodeKind.Agent && hello.Node != NodeKind.Tool)
            {
                _link.Refuse(RefusalReason.NotHandled, 0);
                return;
            }

            if (!_smu.PowerGood)
            {
                // No OS can be running on a server without power-good (it is going off, or the
                // sense is broken). A session opened now would be closed by Step at once, and the
                // agent would say hello again, at every step. One refusal per hello with the
                // reason, nothing logged; the agent backs off.
                Close();
                _link.Refuse(RefusalReason.ServerOff, 0);
                return;
            }

            // The reply is the same instance as the hello (one message set both ways): read it first.
            uint version = ((uint)hello.FirmwareMajor << 16) | ((uint)hello.FirmwareMinor << 8) | hello.FirmwarePatch;
            bool agent = hello.Node == NodeKind.Agent;
            _open = true;
            Hello reply = _link.Outgoing.Hello;
            _smu.Introduce(reply);
            _link.Send(reply);
            _smu.Journal.Write(EventCode.AgentHello, _smu.Side, version);
            if (agent)
            {
                _smu.Watch.AgentHello();
                _smu.Failover.SessionOpened();
            }
        }

        private void StartReadOut(LogReadRequest request)
        {
            RefusalReason refusal = _readOut.Start(request.FromSequence, request.MaxCount);
            if (refusal != RefusalReason.None)
            {
                _link.Refuse(refusal, 0);
            }
        }

        private void TimeSet(TimeSet time)
        {
            // The rule (forward, a short step back, a step back only when meant) is the Journal's,
            // the same on the peer and on the DM.
            long unixMs = time.UnixMilliseconds;
            byte daysAhead = _smu.Journal.DaysAhead(unixMs);
            RefusalReason refusal = _smu.Journal.SetWallClock(unixMs, time.StepBack);
            if (refusal != RefusalReason.None)
            {
                _smu.Journal.Write(EventCode.RequestRefused, Side.None, ((uint)MessageType.TimeSet << 8) | (uint)refusal);
                _link.Refuse(refusal, refusal == RefusalReason.ClockAhead ? daysAhead : (byte)0);
                return;
            }

            TimeSet forward = _smu.Peer.Outgoing.TimeSet;
            forward.UnixMilliseconds = unixMs;
            forward.StepBack = time.StepBack;
            _smu.Peer.Send(forward);
            _link.Accept();
        }

        private void SendStatus()
        {
            SmuStatus status = _link.Outgoing.SmuStatus;
            status.Side = _smu.Side;
            status.Mode = _smu.State.Mode;
            status.Phase = _smu.State.Phase;
            status.Health = _smu.Health;
            status.Alarms = _smu.AlarmSet.Flags;
            status.Epoch = _smu.State.Epoch;
            status.PeerMode = _smu.PeerMode;
            status.PeerHealth = _smu.PeerLink.Known ? _smu.PeerLink.PeerHealth : HealthFlags.None;
            status.PeerHeard = _smu.PeerLink.Known;
            bool known = _smu.PeerLink.Known;
            status.PeerAlarms = known ? _smu.PeerLink.PeerAlarms : AlarmFlags.None;
            status.PeerPhase = known ? _smu.PeerLink.PeerPhase : SequencePhase.Idle;
            status.PeerEpoch = known ? _smu.PeerLink.PeerEpoch : 0;
            status.MaintenanceSeconds = _smu.Watch.HoldSecondsLeft;
            _link.Send(status);
        }

        private void Answer(RefusalReason reason, byte detail)
        {
            if (reason == RefusalReason.None)
            {
                _link.Accept();
            }
            else
            {
                _link.Refuse(reason, detail);
            }
        }
    }
}
