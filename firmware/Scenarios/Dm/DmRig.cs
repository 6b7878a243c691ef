using ColdStandby.Dm;
using ColdStandby.Hardware;
using ColdStandby.Protocol;
using ColdStandby.RecordStore;
using ColdStandby.Scenarios.Rig;
using ColdStandby.Scenarios.Values;

namespace ColdStandby.Scenarios.Dm
{
    /// <summary>
    /// A Disk Manager on memory lines and links with a management tool at the far end: what a DM
    /// scenario table drives. A reset builds the DM again over the same region (its construction
    /// drives every output off; the region keeps what was written).
    /// </summary>
    public sealed class DmRig
    {
        private readonly FrameWriter _writer = new FrameWriter();
        private readonly FrameReader _reader = new FrameReader();
        private readonly MessageSet _out = new MessageSet();
        private readonly byte[] _wire = new byte[Frame.MaxWireLength];
        private readonly byte[] _drained = new byte[4096];
        private readonly EventRecord _record = new EventRecord();

        /// <summary>Initializes a new instance of the <see cref="DmRig"/> class and builds the DM.</summary>
        /// <param name="config">The DM's configuration.</param>
        public DmRig(DiskManagerConfig config)
        {
            Config = config;
            Region = new RamRegion(DiskManager.RegionSizeFor(config));
            Dm = Build();
        }

        /// <summary>Gets the configuration.</summary>
        public DiskManagerConfig Config { get; }

        /// <summary>Gets the DM's non-volatile region.</summary>
        public RamRegion Region { get; }

        /// <summary>Gets side A's storage request line.</summary>
        public MemoryLine RequestA { get; } = new MemoryLine("RequestA");

        /// <summary>Gets side B's storage request line.</summary>
        public MemoryLine RequestB { get; } = new MemoryLine("RequestB");

        /// <summary>Gets the enclosures' access line for side A.</summary>
        public MemoryLine AccessA { get; } = new MemoryLine("AccessA");

        /// <summary>Gets the enclosures' access line for side B.</summary>
        public MemoryLine AccessB { get; } = new MemoryLine("AccessB");

        /// <summary>Gets side A's grant feedback line.</summary>
        public MemoryLine GrantA { get; } = new MemoryLine("GrantA");

        /// <summary>Gets side B's grant feedback line.</summary>
        public MemoryLine GrantB { get; } = new MemoryLine("GrantB");

        /// <summary>Gets the management link.</summary>
        public MemoryChannel ManagementLink { get; } = new MemoryChannel();

        /// <summary>Gets the disk controllers' link.</summary>
        public MemoryChannel ControllerLink { get; } = new MemoryChannel();

        /// <summary>Gets the DM under test.</summary>
        public DiskManager Dm { get; private set; }

        /// <summary>Gets the side whose access line is on: <c>-</c> for none, <c>AB</c> for the forbidden both.</summary>
        public string Access
        {
            get
            {
                if (AccessA.Value)
                {
                    return AccessB.Value ? "AB" : "A";
                }

                return AccessB.Value ? "B" : "-";
            }
        }

        /// <summary>Sets both request lines.</summary>
        /// <param name="a">Side A requests.</param>
        /// <param name="b">Side B requests.</param>
        public void Request(bool a, bool b)
        {
            RequestA.Value = a;
            RequestB.Value = b;
        }

        /// <summary>Steps the DM.</summary>
        /// <param name="nowMs">The time.</param>
        public void Step(long nowMs)
        {
            ManagementLink.NextStep();
            ControllerLink.NextStep();
            Dm.Step(nowMs);
        }

        /// <summary>A board reset: the DM is built again over the same region.</summary>
        public void Reset()
        {
            Dm = Build();
        }

        /// <summary>The tool says hello on the management link.</summary>
        public void Hello()
        {
            _out.Hello.ProtocolVersion = Frame.ProtocolVersion;
            _out.Hello.Node = NodeKind.Tool;
            _out.Hello.Side = Side.None;
            Send(_out.Hello);
        }

        /// <summary>The tool sends a fence for a side and epoch.</summary>
        /// <param name="side">The side fenced.</param>
        /// <param name="epoch">The grant epoch it names.</param>
        public void Fence(Side side, uint epoch)
        {
            _out.Fence.Side = side;
            _out.Fence.Epoch = epoch;
            Send(_out.Fence);
        }

        /// <summary>
        /// What the DM sent the tool since the last call, short: <c>Accepted</c>, <c>Refused Reason</c>,
        /// or the type; hellos left out; joined by ", ".
        /// </summary>
        /// <returns>The replies.</returns>
        public string Replies()
        {
            string replies = "";
            while (ManagementLink.OutgoingPending > 0)
            {
                int n = ManagementLink.Drain(_drained);
                for (int i = 0; i < n; i++)
                {
                    if (!_reader.Push(_drained[i]) || _reader.Message.Type == MessageType.Hello)
                    {
                        continue;
                    }

                    string reply = Short(_reader.Message);
                    replies = replies.Length == 0 ? reply : replies + ", " + reply;
                }
            }

            return replies;
        }

        /// <summary>The log's entries from <paramref name="from"/> on, each <c>Code Side Argument</c> (<c>-</c> for no side), joined by "; ".</summary>
        /// <param name="from">The first sequence number.</param>
        /// <returns>The entries.</returns>
        public string LogFrom(uint from)
        {
            string entries = "";
            for (uint s = from; s < Dm.Log.NextSequence; s++)
            {
                if (Dm.Log.TryRead(s, _record))
                {
                    string entry = Entry(_record);
                    entries = entries.Length == 0 ? entry : entries + "; " + entry;
                }
            }

            return entries;
        }

        /// <summary>A log entry as <c>Code Side Argument</c>, <c>-</c> for no side.</summary>
        /// <param name="record">The entry.</param>
        /// <returns>The text.</returns>
        public static string Entry(EventRecord record)
        {
            string side = record.Side == Side.None ? "-" : Kinds.Side.Format((long)record.Side);
            return Kinds.EventCode.Format((long)record.Code) + " " + side + " " + record.Argument;
        }

        private static string Short(Message message)
        {
            if (message.Type == MessageType.Accepted)
            {
                return "Accepted";
            }

            if (message.Type == MessageType.Refusal)
            {
                return "Refused " + Kinds.RefusalReason.Format((long)((Refusal)message).Reason);
            }

            return MessageFields.NameOf(message.Type);
        }

        private void Send(Message message)
        {
            int n = _writer.Write(message, _wire, 0);
            ManagementLink.Feed(_wire, 0, n);
        }

        private DiskManager Build()
        {
            return new DiskManager(
                Config,
                new DiskManagerIo(RequestA, RequestB, AccessA, AccessB, GrantA, GrantB, ManagementLink, ControllerLink),
                Region);
        }
    }
}
