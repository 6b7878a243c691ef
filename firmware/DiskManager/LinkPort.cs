using ColdStandby.Hardware;
using ColdStandby.Protocol;

namespace ColdStandby.DiskManager
{
    /// <summary>
    /// One serial link of the DM: frames in through a <see cref="FrameReader"/>, frames out through
    /// a transmit buffer that keeps whatever the channel did not take and offers it again next step,
    /// so a slow or full channel delays frames but never cuts one. A frame is taken in only when a
    /// reply to it would fit, so a chatty peer is slowed down, not answered with silence.
    /// </summary>
    internal sealed class LinkPort
    {
        /// <summary>The most received bytes looked at in one step, so a noisy line cannot stall the step.</summary>
        internal const int BytesPerStep = 512;

        private const int TransmitCapacity = 4 * Frame.MaxWireLength;

        private readonly IByteChannel _channel;
        private readonly FrameReader _reader = new FrameReader();
        private readonly FrameWriter _writer = new FrameWriter();
        private readonly MessageSet _outgoing = new MessageSet();
        private readonly byte[] _received = new byte[64];
        private readonly byte[] _transmit = new byte[TransmitCapacity];
        private int _receivedAt;
        private int _receivedEnd;
        private int _transmitAt;
        private int _transmitEnd;
        private int _byteBudget;

        /// <summary>Serves <paramref name="channel"/>.</summary>
        internal LinkPort(IByteChannel channel)
        {
            _channel = channel;
        }

        /// <summary>Gets the messages this port sends; fill one, then <see cref="Send"/> it.</summary>
        internal MessageSet Outgoing
        {
            get { return _outgoing; }
        }

        /// <summary>Gets the message delivered by the last successful <see cref="Receive"/>.</summary>
        internal Message Message
        {
            get { return _reader.Message; }
        }

        /// <summary>Gets the sender's sequence number of that message.</summary>
        internal ushort Sequence
        {
            get { return _reader.Sequence; }
        }

        /// <summary>Gets the counts of delivered and dropped frames.</summary>
        internal LinkCounters Counters
        {
            get { return _reader.Counters; }
        }

        /// <summary>Gets whether everything queued has been handed to the channel.</summary>
        internal bool Idle
        {
            get { return _transmitAt == _transmitEnd; }
        }

        /// <summary>Starts a step: renews the receive budget and offers the channel what it did not take.</summary>
        internal void BeginStep()
        {
            _byteBudget = BytesPerStep;
            Flush();
        }

        /// <summary>
        /// Reads until one good frame is delivered (true: see <see cref="Message"/>), or the channel
        /// has nothing more, the step's byte budget is spent, or a reply would not fit (false).
        /// </summary>
        internal bool Receive()
        {
            Compact();
            if (TransmitCapacity - _transmitEnd < Frame.MaxWireLength)
            {
                return false;
            }

            while (_byteBudget > 0)
            {
                if (_receivedAt == _receivedEnd)
                {
                    int count = _channel.Read(_received, 0, _received.Length);
                    if (count <= 0)
                    {
                        return false;
                    }

                    _receivedAt = 0;
                    _receivedEnd = count;
                }

                _byteBudget--;
                if (_reader.Push(_received[_receivedAt++]))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Queues <paramref name="message"/> (there is room: see <see cref="Receive"/>) and offers it to the channel.</summary>
        internal void Send(Message message)
        {
            Compact();
            _transmitEnd += _writer.Write(message, _transmit, _transmitEnd);
            Flush();
        }

        /// <summary>Answers the last delivered frame with <see cref="Accepted"/>.</summary>
        internal void Accept()
        {
            Accepted accepted = _outgoing.Accepted;
            accepted.AcceptedType = _reader.Message.Type;
            accepted.AcceptedSequence = _reader.Sequence;
            Send(accepted);
        }

        /// <summary>Answers the last delivered frame with <see cref="Refusal"/>.</summary>
        internal void Refuse(RefusalReason reason, byte detail)
        {
            Refusal refusal = _outgoing.Refusal;
            refusal.RefusedType = _reader.Message.Type;
            refusal.RefusedSequence = _reader.Sequence;
            refusal.Reason = reason;
            refusal.Detail = detail;
            Send(refusal);
        }

        private void Flush()
        {
            if (_transmitAt == _transmitEnd)
            {
                return;
            }

            int taken = _channel.Write(_transmit, _transmitAt, _transmitEnd - _transmitAt);
            if (taken > 0)
            {
                _transmitAt += taken;
            }

            if (_transmitAt == _transmitEnd)
            {
                _transmitAt = 0;
                _transmitEnd = 0;
            }
        }

        private void Compact()
        {
            if (_transmitAt == 0)
            {
                return;
            }

            int pending = _transmitEnd - _transmitAt;
            System.Array.Copy(_transmit, _transmitAt, _transmit, 0, pending);
            _transmitAt = 0;
            _transmitEnd = pending;
        }
    }
}
