namespace ColdStandby.Protocol
{
    /// <summary>
    /// One instance of every message, made once. A <see cref="FrameReader"/> decodes into its own set;
    /// a sender fills the instances of its set and hands them to a <see cref="FrameWriter"/>. The
    /// instances are reused: a decoded message is valid until the reader decodes the next frame.
    /// </summary>
    public sealed class MessageSet
    {
        private readonly Message[] _byType = new Message[256];

        /// <summary>Initializes a new instance of the <see cref="MessageSet"/> class.</summary>
        public MessageSet()
        {
            Hello = new Hello();
            Register(Hello);
            Refusal = new Refusal();
            Register(Refusal);
            Accepted = new Accepted();
            Register(Accepted);
            TimeSet = new TimeSet();
            Register(TimeSet);
            StatusRequest = new StatusRequest();
            Register(StatusRequest);
            LogReadRequest = new LogReadRequest();
            Register(LogReadRequest);
            LogRecord = new LogRecord();
            Register(LogRecord);
            LogReadEnd = new LogReadEnd();
            Register(LogReadEnd);
            Heartbeat = new Heartbeat();
            Register(Heartbeat);
            FitnessQuery = new FitnessQuery();
            Register(FitnessQuery);
            FitnessReply = new FitnessReply();
            Register(FitnessReply);
            SwitchRequest = new SwitchRequest();
            Register(SwitchRequest);
            SwitchAck = new SwitchAck();
            Register(SwitchAck);
            OperatorCommand = new OperatorCommand();
            Register(OperatorCommand);
            Kick = new Kick();
            Register(Kick);
            CheckpointReached = new CheckpointReached();
            Register(CheckpointReached);
            ControllerHealth = new ControllerHealth();
            Register(ControllerHealth);
            FaultReport = new FaultReport();
            Register(FaultReport);
            ShutdownRequest = new ShutdownRequest();
            Register(ShutdownRequest);
            ShutdownStarted = new ShutdownStarted();
            Register(ShutdownStarted);
            ShutdownDone = new ShutdownDone();
            Register(ShutdownDone);
            SmuStatus = new SmuStatus();
            Register(SmuStatus);
            MaintenanceHold = new MaintenanceHold();
            Register(MaintenanceHold);
            StorageStatus = new StorageStatus();
            Register(StorageStatus);
            Fence = new Fence();
            Register(Fence);
            DiskErrorReport = new DiskErrorReport();
            Register(DiskErrorReport);
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
            return _byType[type];
        }

        private void Register(Message message)
        {
            _byType[(byte)message.Type] = message;
        }
    }
}
