using System;
using ColdStandby.Hardware;

namespace ColdStandby.Protocol
{
    /// <summary>
    /// One end of a serial link, as every node uses it: received bytes become messages through a
    /// <see cref="FrameReader"/>, outgoing messages are numbered and encoded by a
    /// <see cref="FrameWriter"/> into a transmit ring that takes whole frames or none and is offered
    /// to the channel each step. A stalled channel never blocks the caller and never sees half a
    /// frame; a frame that does not fit is dropped and counted. Nothing is allocated after
    /// construction.
    /// </summary>
    public sealed class FrameLink
    {
        private readonly IByteChannel _channel;
        private readonly FrameReader _reader;
        private readonly FrameWriter _writer = new FrameWriter();
        private readonly byte[] _wire = new byte[Frame.MaxWireLength];
        private readonly byte[] _received = new byte[64];
        private readonly byte[] _ring;
        private readonly int _bytesPerStep;
        private int _receivedAt;
        private int _receivedEnd;
        private int _head;
        private int _count;
        private int _budget;

        /// <summary>Initializes a new instance of the <see cref="FrameLink"/> class with message sets of its own.</summary>
        /// <param name="channel">The serial channel.</param>
        /// <param name="transmitCapacity">Bytes the transmit ring holds (at least one whole frame).</param>
        /// <param name="bytesPerStep">The most received bytes looked at per step, so a noisy line cannot stall the caller.</param>
        public FrameLink(IByteChannel channel, int transmitCapacity, int bytesPerStep)
            : this(channel, transmitCapacity, bytesPerStep, new MessageSet(), new MessageSet())
        {
        }

        /// <summary>
        /// Initializes a new instance of the <see cref="FrameLink"/> class on message sets it may share
        /// with the owner's other links (a set is the largest thing a link holds). Sharing is safe when
        /// each delivered message is handled before the next link receives, and every outgoing message
        /// is filled, all of it, just before it is sent. One set may also serve both ways: then a
        /// message sent is the instance a frame of its type was decoded into, so a handler takes what
        /// it needs from the delivered message before it sends a message of the same type.
        /// </summary>
        /// <param name="channel">The serial channel.</param>
        /// <param name="transmitCapacity">Bytes the transmit ring holds (at least one whole frame).</param>
        /// <param name="bytesPerStep">The most received bytes looked at per step, so a noisy line cannot stall the caller.</param>
        /// <param name="incoming">The set frames are decoded into.</param>
        /// <param name="outgoing">The set <see cref="Outgoing"/> hands out; may be <paramref name="incoming"/>.</param>
        public FrameLink(IByteChannel channel, int transmitCapacity, int bytesPerStep, MessageSet incoming, MessageSet outgoing)
        {
            if (channel == null || incoming == null || outgoing == null)
            {
                throw new System.ArgumentNullException();
            }

            if (transmitCapacity < Frame.MaxWireLength || bytesPerStep < 1)
            {
                throw new System.ArgumentOutOfRangeException();
            }

            _channel = channel;
            _reader = new FrameReader(incoming);
            _ring = new byte[transmitCapacity];
            _bytesPerStep = bytesPerStep;
            _budget = bytesPerStep;
            Outgoing = outgoing;
        }

        /// <summary>Gets the reusable outgoing messages: fill one, then <see cref="Send"/> it.</summary>
        public MessageSet Outgoing { get; }

        /// <summary>Gets the message the last successful <see cref="Receive"/> delivered.</summary>
        public Message Message
        {
            get { return _reader.Message; }
        }

        /// <summary>Gets the sender's sequence number of that message (replies name it).</summary>
        public ushort Sequence
        {
            get { return _reader.Sequence; }
        }

        /// <summary>Gets the sequence number the last sent frame carried.</summary>
        public ushort LastSentSequence
        {
            get { return _writer.LastSequence; }
        }

        /// <summary>
        /// Gets or sets whether received frames must follow each other in the sender's numbering
        /// (<see cref="FrameReader.InOrderOnly"/>): on for a cable between boxes, where an earlier
        /// frame may be put on the line again.
        /// </summary>
        public bool InOrderOnly
        {
            get { return _reader.InOrderOnly; }
            set { _reader.InOrderOnly = value; }
        }

        /// <summary>Gets the receive counters: frames delivered and dropped, by reason.</summary>
        public LinkCounters Counters
        {
            get { return _reader.Counters; }
        }

        /// <summary>Gets how many outgoing frames were dropped because the transmit ring was full.</summary>
        public int SendDropped { get; private set; }

        /// <summary>Gets the bytes queued and not yet taken by the channel.</summary>
        public int Pending
        {
            get { return _count; }
        }

        /// <summary>Gets whether a frame of any size fits in the transmit ring now.</summary>
        public bool HasRoomForFrame
        {
            get { return _ring.Length - _count >= Frame.MaxWireLength; }
        }

        /// <summary>Starts a step: renews the receive budget and offers the channel what it has not taken.</summary>
        public void BeginStep()
        {
            _budget = _bytesPerStep;
            Flush();
        }

        /// <summary>
        /// Reads until one good frame is delivered (true: see <see cref="Message"/>), or the channel
        /// has nothing more now, or the step's byte budget is spent (false).
        /// </summary>
        public bool Receive()
        {
            while (_budget > 0)
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

                // The bytes at hand, at most the budget, in one call: the reader stops at a good frame.
                int available = _receivedEnd - _receivedAt;
                if (available > _budget)
                {
                    available = _budget;
                }

                int taken = _reader.Take(_received, _receivedAt, available);
                bool delivered = taken < 0;
                if (delivered)
                {
                    taken = -taken;
                }

                _receivedAt += taken;
                _budget -= taken;
                if (delivered)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Queues a message and offers it to the channel; false (counted) when the ring is full.</summary>
        public bool Send(Message message)
        {
            int length = _writer.Write(message, _wire, 0);
            return Enqueue(length);
        }

        /// <summary>Sends a lone delimiter, so the receiver drops whatever partial frame it holds.</summary>
        public void SendDelimiter()
        {
            _wire[0] = Frame.Delimiter;
            Enqueue(1);
        }

        /// <summary>Answers the message delivered last with <see cref="Accepted"/>.</summary>
        public bool Accept()
        {
            Accepted accepted = Outgoing.Accepted;
            accepted.AcceptedType = _reader.Message.Type;
            accepted.AcceptedSequence = _reader.Sequence;
            return Send(accepted);
        }

        /// <summary>Answers the message delivered last with <see cref="Refusal"/>.</summary>
        public bool Refuse(RefusalReason reason, byte detail)
        {
            Refusal refusal = Outgoing.Refusal;
            refusal.RefusedType = _reader.Message.Type;
            refusal.RefusedSequence = _reader.Sequence;
            refusal.Reason = reason;
            refusal.Detail = detail;
            return Send(refusal);
        }

        /// <summary>Hands the channel as much of the transmit ring as it takes now.</summary>
        public void Flush()
        {
            while (_count > 0)
            {
                int run = _ring.Length - _head;
                if (run > _count)
                {
                    run = _count;
                }

                int written = _channel.Write(_ring, _head, run);
                if (written <= 0)
                {
                    return;
                }

                _head += written;
                if (_head == _ring.Length)
                {
                    _head = 0;
                }

                _count -= written;
                if (written < run)
                {
                    return;
                }
            }
        }

        /// <summary>
        /// The receiver no longer knows where the sender's numbering stands (it started, stood
        /// still, or the sender fell silent): with <see cref="InOrderOnly"/>, the next frame is only
        /// an anchor and the one that follows it is delivered (<see cref="FrameReader.Resync"/>).
        /// </summary>
        public void Resync()
        {
            _reader.Resync();
        }

        /// <summary>
        /// Forgets a partly received frame, unread bytes and unsent frames, as when the link was
        /// reconnected; counters are kept.
        /// </summary>
        public void Reset()
        {
            _reader.Reset();
            _receivedAt = 0;
            _receivedEnd = 0;
            _head = 0;
            _count = 0;
        }

        private bool Enqueue(int length)
        {
            if (length > _ring.Length - _count)
            {
                SendDropped++;
                return false;
            }

            int tail = _head + _count;
            if (tail >= _ring.Length)
            {
                tail -= _ring.Length;
            }

            // At most two block copies (the frame may wrap round the ring's end): a copy loop per
            // byte costs an interpreter far more.
            int first = _ring.Length - tail;
            if (first >= length)
            {
                Array.Copy(_wire, 0, _ring, tail, length);
            }
            else
            {
                Array.Copy(_wire, 0, _ring, tail, first);
                Array.Copy(_wire, first, _ring, 0, length - first);
            }

            _count += length;
            Flush();
            return true;
        }
    }
}
