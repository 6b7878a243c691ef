namespace ColdStandby.Protocol
{
    /// <summary>
    /// One instance of every message, made once. A <see cref="FrameReader"/> decodes into its own set;
    /// a sender fills the instances of its set and hands them to a <see cref="FrameWriter"/>. The
    /// instances are reused: a decoded message is valid until the reader decodes the next frame.
    /// </summary>
    public sealed class MessageSet
    {
        /// <summary>Initializes a new instance of the <see cref="MessageSet"/> class.</summary>
        public MessageSet()
        {
            Hello = new Hello();
            Refusal = new Refusal();
            Accepted = new Accepted();
            TimeSet = new TimeSet();
            StatusRequest = new StatusRequest();
            LogReadRequest = new LogReadRequest();
            LogRecord = new LogRecord();
            LogReadEnd = new LogReadEnd();
            Heartbeat = new Heartbeat();
            FitnessQuery = new FitnessQuery();
            FitnessReply = new FitnessReply();
            SwitchRequest = new SwitchRequest();
            SwitchAck = new SwitchAck();
            OperatorCommand = new OperatorCommand();
            Kick = new Kick();
            CheckpointReached = new CheckpointReached();
            ControllerHealth = new ControllerHealth();
            FaultReport = new FaultReport();
            ShutdownRequest = new ShutdownRequest();
            ShutdownStarted = new ShutdownStarted();
            ShutdownDone = new ShutdownDone();
            SmuStatus = new SmuStatus();
            MaintenanceHold = new MaintenanceHold();
            StorageStatus = new StorageStatus();
            Fence = new Fence();
            DiskErrorReport = new DiskErrorReport();
        }

        /// <summary>Gets the <see cref="Hello"/> instance.</summary>
        public Hello Hello { get; }

        /// <summary>Gets the <see cref="Refusal"/> instance.</summary>
        public Refusal Refusal { get; }

        /// <summary>Gets the <see cref="Accepted"/> instance.</summary>
        public Accepted Accepted { get; }

        /// <summary>Gets the <see cref="TimeSet"/> instance.</summary>
        public TimeSet TimeSet { get; }

        /// <summary>Gets the <see cref="StatusRequest"/> instance.</summary>
        public StatusRequest StatusRequest { get; }

        /// <summary>Gets the <see cref="LogReadRequest"/> instance.</summary>
        public LogReadRequest LogReadRequest { get; }

        /// <summary>Gets the <see cref="LogRecord"/> instance.</summary>
        public LogRecord LogRecord { get; }

        /// <summary>Gets the <see cref="LogReadEnd"/> instance.</summary>
        public LogReadEnd LogReadEnd { get; }

        /// <summary>Gets the <see cref="Heartbeat"/> instance.</summary>
        public Heartbeat Heartbeat { get; }

        /// <summary>Gets the <see cref="FitnessQuery"/> instance.</summary>
        public FitnessQuery FitnessQuery { get; }

        /// <summary>Gets the <see cref="FitnessReply"/> instance.</summary>
        public FitnessReply FitnessReply { get; }

        /// <summary>Gets the <see cref="SwitchRequest"/> instance.</summary>
        public SwitchRequest SwitchRequest { get; }

        /// <summary>Gets the <see cref="SwitchAck"/> instance.</summary>
        public SwitchAck SwitchAck { get; }

        /// <summary>Gets the <see cref="OperatorCommand"/> instance.</summary>
        public OperatorCommand OperatorCommand { get; }

        /// <summary>Gets the <see cref="Kick"/> instance.</summary>
        public Kick Kick { get; }

        /// <summary>Gets the <see cref="CheckpointReached"/> instance.</summary>
        public CheckpointReached CheckpointReached { get; }

        /// <summary>Gets the <see cref="ControllerHealth"/> instance.</summary>
        public ControllerHealth ControllerHealth { get; }

        /// <summary>Gets the <see cref="FaultReport"/> instance.</summary>
        public FaultReport FaultReport { get; }

        /// <summary>Gets the <see cref="ShutdownRequest"/> instance.</summary>
        public ShutdownRequest ShutdownRequest { get; }

        /// <summary>Gets the <see cref="ShutdownStarted"/> instance.</summary>
        public ShutdownStarted ShutdownStarted { get; }

        /// <summary>Gets the <see cref="ShutdownDone"/> instance.</summary>
        public ShutdownDone ShutdownDone { get; }

        /// <summary>Gets the <see cref="SmuStatus"/> instance.</summary>
        public SmuStatus SmuStatus { get; }

        /// <summary>Gets the <see cref="MaintenanceHold"/> instance.</summary>
        public MaintenanceHold MaintenanceHold { get; }

        /// <summary>Gets the <see cref="StorageStatus"/> instance.</summary>
        public StorageStatus StorageStatus { get; }

        /// <summary>Gets the <see cref="Fence"/> instance.</summary>
        public Fence Fence { get; }

        /// <summary>Gets the <see cref="DiskErrorReport"/> instance.</summary>
        public DiskErrorReport DiskErrorReport { get; }

        /// <summary>Returns the instance for a type byte, or null when no message has that type.</summary>
        public Message ForType(byte type)
        {
            // A switch, not a 256-entry table: on nanoFramework every array slot is a heap block
            // (12 bytes on the board, 24 on the x64 nanoCLR), and a unit holds two sets.
            switch ((MessageType)type)
            {
                case MessageType.Hello:
                    return Hello;
                case MessageType.Refusal:
                    return Refusal;
                case MessageType.Accepted:
                    return Accepted;
                case MessageType.TimeSet:
                    return TimeSet;
                case MessageType.StatusRequest:
                    return StatusRequest;
                case MessageType.LogReadRequest:
                    return LogReadRequest;
                case MessageType.LogRecord:
                    return LogRecord;
                case MessageType.LogReadEnd:
                    return LogReadEnd;
                case MessageType.Heartbeat:
                    return Heartbeat;
                case MessageType.FitnessQuery:
                    return FitnessQuery;
                case MessageType.FitnessReply:
                    return FitnessReply;
                case MessageType.SwitchRequest:
                    return SwitchRequest;
                case MessageType.SwitchAck:
                    return SwitchAck;
                case MessageType.OperatorCommand:
                    return OperatorCommand;
                case MessageType.Kick:
                    return Kick;
                case MessageType.CheckpointReached:
                    return CheckpointReached;
                case MessageType.ControllerHealth:
                    return ControllerHealth;
                case MessageType.FaultReport:
                    return FaultReport;
                case MessageType.ShutdownRequest:
                    return ShutdownRequest;
                case MessageType.ShutdownStarted:
                    return ShutdownStarted;
                case MessageType.ShutdownDone:
                    return ShutdownDone;
                case MessageType.SmuStatus:
                    return SmuStatus;
                case MessageType.MaintenanceHold:
                    return MaintenanceHold;
                case MessageType.StorageStatus:
                    return StorageStatus;
                case MessageType.Fence:
                    return Fence;
                case MessageType.DiskErrorReport:
                    return DiskErrorReport;
                default:
                    return null;
            }
        }
    }
}
