using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Dm
{
    /// <summary>
    /// The management link: hello, status, paced log read-out, time set and fence, each answered;
    /// anything else refused as not handled. Requests are acted on only after a good hello.
    /// </summary>
    internal sealed class ManagementSession
    {
        private readonly FrameLink _link;
        private readonly HelloGate _gate;
        private readonly GrantArbiter _arbiter;
        private readonly Journal _journal;
        private readonly LogReadOut _readout;

        /// <summary>Serves <paramref name="link"/> for the DM's <paramref name="arbiter"/> and <paramref name="journal"/>.</summary>
        internal ManagementSession(FrameLink link, GrantArbiter arbiter, Journal journal, int logRecordsPerStep)
        {
            _link = link;
            _gate = new HelloGate(link, true);
            _arbiter = arbiter;
            _journal = journal;
            _readout = new LogReadOut(journal.Log, link, logRecordsPerStep);
        }

        /// <summary>Gets whether a log read-out is under way.</summary>
        internal bool Sending
        {
            get { return _readout.Active; }
        }

        /// <summary>Handles what arrived and sends what this step allows.</summary>
        internal void Step(long nowMs, long step)
        {
            _link.BeginStep();

            // A frame is taken in only when its reply fits: a chatty peer is slowed down, never
            // answered with silence.
            while (_link.HasRoomForFrame && _link.Receive())
            {
                if (_gate.Admit())
                {
                    Handle(nowMs, step);
                }
            }

            _readout.Pace();
        }

        private void Handle(long nowMs, long step)
        {
            Message message = _link.Message;
            switch (message.Type)
            {
                case MessageType.StatusRequest:
                    SendStatus();
                    break;

                case MessageType.LogReadRequest:
                    LogReadRequest read = (LogReadRequest)message;
                    RefusalReason readRefusal = _readout.Start(read.FromSequence, read.MaxCount);
                    if (readRefusal != RefusalReason.None)
                    {
                        _link.Refuse(readRefusal, 0);
                    }

                    break;

                case MessageType.TimeSet:
                    SetTime((TimeSet)message);
                    break;

                case MessageType.Fence:
                    Fence fence = (Fence)message;
                    RefusalReason fenceRefusal = _arbiter.Fence(fence.Side, fence.Epoch, nowMs, step);
                    if (fenceRefusal == RefusalReason.None)
                    {
                        _link.Accept();
                    }
                    else
                    {
                        _journal.Write(EventCode.FenceRefused, fence.Side, (uint)fenceRefusal);
                        _link.Refuse(fenceRefusal, (byte)_arbiter.Holder);
                    }

                    break;

                default:
                    _link.Refuse(RefusalReason.NotHandled, 0);
                    break;
            }
        }

        private void SendStatus()
        {
            EventLog log = _journal.Log;
            StorageStatus status = _link.Outgoing.StorageStatus;
            status.Holder = _arbiter.Holder;
            status.Requests = _arbiter.Requests;
            status.Epoch = _arbiter.Epoch;
            status.Settling = _arbiter.Settling;
            status.FenceEnabled = _arbiter.FenceEnabled;
            status.FirstSequence = log.FirstSequence;
            status.NextSequence = log.NextSequence;
            status.Fenced = _arbiter.FencedSides;
            _link.Send(status);
        }

        private void SetTime(TimeSet timeSet)
        {
            long unixMs = timeSet.UnixMilliseconds;
            byte daysAhead = _journal.DaysAhead(unixMs);
            RefusalReason refusal = _journal.SetWallClock(unixMs, timeSet.StepBack);
            if (refusal != RefusalReason.None)
            {
                _journal.Write(EventCode.RequestRefused, Side.None, ((uint)MessageType.TimeSet << 8) | (uint)refusal);
                _link.Refuse(refusal, refusal == RefusalReason.ClockAhead ? daysAhead : (byte)0);
                return;
            }

            _link.Accept();
        }
    }
}
