using System;
using System.Collections;
using ColdStandby.Hardware;
using ColdStandby.Protocol;
using ColdStandby.RecordStore;
using ColdStandby.Scenarios.Rig;
using ColdStandby.Scenarios.Smu.Models;
using ColdStandby.Scenarios.Values;
using ColdStandby.Smu;

namespace ColdStandby.Scenarios.Smu
{
    /// <summary>
    /// Runs one SMU scenario in virtual time, one step a millisecond: the SMU under test on memory
    /// lines and channels, the plant models, the script and the rules; records everything into a
    /// trace. The same code runs on .NET and on the nanoFramework CLR, so both give the same trace.
    /// </summary>
    public sealed class SmuWorld : IWorld, ILineWatcher
    {
        /// <summary>Event-log records the SMU under test keeps.</summary>
        public const int LogCapacity = 512;

        private static readonly string[] OutputNames = { "PowerButton", "StorageRequest", "Alarm" };
        private static readonly string[] InputNames = { "PowerGood", "StorageGranted", "RepairButton", "ExternalPower", "BatteryLow" };

        private readonly SmuScenario _scenario;
        private readonly MemoryLine[] _outputs = new MemoryLine[3];
        private readonly MemoryLine[] _inputs = new MemoryLine[5];
        private readonly MemoryChannel _host = new MemoryChannel();
        private readonly MemoryChannel _peer = new MemoryChannel();
        private readonly FrameReader _fromHost = new FrameReader();
        private readonly FrameReader _fromPeer = new FrameReader();
        private readonly FrameWriter _toHost = new FrameWriter();
        private readonly FrameWriter _toPeer = new FrameWriter();
        private readonly byte[] _wire = new byte[Frame.MaxWireLength];
        private readonly byte[] _drained = new byte[4096];
        private readonly RamRegion _region = new RamRegion(ServerManagementUnit.RegionSizeFor(LogCapacity));
        private readonly SmuBoard _board;
        private readonly string[] _modelNames;
        private readonly Model[] _models;
        private readonly bool[] _fired;
        private readonly long[] _checkTimes;
        private readonly ArrayList _agenda = new ArrayList();
        private readonly ArrayList _trace = new ArrayList();
        private readonly ArrayList _fresh = new ArrayList();
        private readonly ArrayList _snapshots = new ArrayList();
        private readonly ArrayList _violations = new ArrayList();
        private readonly EventRecord _record = new EventRecord();
        private ServerManagementUnit _smu;
        private long _upAt;
        private long _order;
        private uint _nextLog = 1;
        private bool _poked = true;

        /// <summary>Initializes a new instance of the <see cref="SmuWorld"/> class: builds the board, writes the persisted state, makes the models.</summary>
        /// <param name="scenario">The scenario.</param>
        /// <param name="sparse">Step the SMU only when due or poked (as the bench does), not every millisecond.</param>
        /// <exception cref="FormatException">The scenario names a config key, input, model or option that does not exist, or a bad value.</exception>
        public SmuWorld(SmuScenario scenario, bool sparse)
        {
            Sparse = sparse;
            _scenario = scenario;
            Side = scenario.Side;
            PeerSide = Side == Side.A ? Side.B : Side.A;
            Config = BuildConfig(scenario);
            for (int i = 0; i < OutputNames.Length; i++)
            {
                _outputs[i] = new MemoryLine(OutputNames[i]);
                _outputs[i].Watcher = this;
            }

            for (int i = 0; i < InputNames.Length; i++)
            {
                _inputs[i] = new MemoryLine(InputNames[i]);
            }

            // The SMU's own supply is present unless a scenario says otherwise.
            _inputs[3].Value = true;
            for (int i = 0; i < scenario.Inputs.Count; i++)
            {
                // The request latch held through the reset before the start: its level is given like an input's.
                string name = scenario.Inputs.NameAt(i);
                MemoryLine line = name == "StorageRequest" ? _outputs[1] : InputLine(name);
                line.Value = scenario.Inputs.ValueAt(i) != 0;
            }

            _board = new SmuBoard(_outputs[0], new LineLatch(_outputs[1]), _outputs[2], _inputs[0], _inputs[1], _inputs[2], _peer, _host, _inputs[3], _inputs[4]);
            _host.WriteBudget = Budget(scenario, "host");
            _peer.WriteBudget = Budget(scenario, "peer");
            if (scenario.Persisted != null)
            {
                WritePersisted(scenario.Persisted);
            }

            _modelNames = new string[scenario.Models.Length];
            _models = new Model[scenario.Models.Length];
            for (int i = 0; i < scenario.Models.Length; i++)
            {
                ModelSpec spec = scenario.Models[i];
                _modelNames[i] = spec.Name;
                _models[i] = PlantModels.Create(spec.Name, this);
                for (int o = 0; o < spec.Options.Length; o++)
                {
                    _models[i].Set(spec.Options[o].Key, spec.Options[o].Value);
                }
            }

            for (int i = 0; i < scenario.Script.Length; i++)
            {
                ScheduleTimed(scenario.Script[i], scenario.Script[i].At);
            }

            _fired = new bool[scenario.Rules.Length];
            _checkTimes = CheckTimes(scenario);
            End = scenario.RunUntil >= 0 ? scenario.RunUntil : DefaultEnd(scenario);
        }

        /// <inheritdoc/>
        public long Now { get; private set; }

        /// <summary>
        /// Gets a value indicating whether the SMU is stepped only when its
        /// <see cref="ServerManagementUnit.NextDueMs"/> has come or something reached it (an input changed,
        /// bytes arrived, it restarted), as the bench does.
        /// </summary>
        public bool Sparse { get; }

        /// <summary>Gets how many times the SMU was stepped.</summary>
        public long StepsTaken { get; private set; }

        /// <inheritdoc/>
        public Side Side { get; }

        /// <inheritdoc/>
        public Side PeerSide { get; }

        /// <inheritdoc/>
        public SmuConfig Config { get; }

        /// <summary>Gets the last millisecond run.</summary>
        public long End { get; }

        /// <summary>Gets how many events the trace holds.</summary>
        public int TraceCount
        {
            get { return _trace.Count; }
        }

        /// <summary>Gets the safety violations seen (power pressed on without the grant).</summary>
        public string[] Violations
        {
            get { return (string[])_violations.ToArray(typeof(string)); }
        }

        /// <summary>Gets the SMU under test (null while it is down).</summary>
        public ServerManagementUnit Smu
        {
            get { return _smu; }
        }

        /// <summary>The trace event at <paramref name="index"/>.</summary>
        /// <param name="index">0 to <see cref="TraceCount"/> - 1.</param>
        /// <returns>The event.</returns>
        public TraceEvent TraceAt(int index)
        {
            return (TraceEvent)_trace[index];
        }

        /// <summary>The state recorded after the step at <paramref name="time"/> (a check's time or the end), or null.</summary>
        /// <param name="time">The millisecond; <see cref="long.MaxValue"/> for the end.</param>
        /// <returns>The state, or null.</returns>
        public FieldValues SnapshotAt(long time)
        {
            long at = time == long.MaxValue ? End : time;
            for (int i = 0; i < _snapshots.Count; i++)
            {
                Snapshot snapshot = (Snapshot)_snapshots[i];
                if (snapshot.Time == at)
                {
                    return snapshot.State;
                }
            }

            return null;
        }

        /// <summary>The SMU configuration a scenario's <c>config</c> and <c>stages</c> lines give.</summary>
        /// <param name="scenario">The scenario.</param>
        /// <returns>The validated configuration.</returns>
        /// <exception cref="FormatException">An unknown key, a bad value, or a configuration <see cref="SmuConfig.Validate"/> refuses.</exception>
        public static SmuConfig BuildConfig(SmuScenario scenario)
        {
            SmuConfig config = new SmuConfig();
            for (int i = 0; i < scenario.Config.Length; i++)
            {
                SmuConfigKeys.Set(config, scenario.Config[i].Key, scenario.Config[i].Value);
            }

            if (scenario.Stages != null)
            {
                BootStage[] stages = new BootStage[scenario.Stages.Length];
                for (int i = 0; i < stages.Length; i++)
                {
                    stages[i] = ParseStage(scenario.Stages[i]);
                }

                config.BootStages = stages;
            }

            string bad = config.Validate();
            if (bad != null)
            {
                throw new FormatException("config key " + bad + " is invalid");
            }

            return config;
        }

        /// <summary>Runs the whole scenario, from 0 to <see cref="End"/>.</summary>
        public void Run()
        {
            for (Now = 0; Now <= End; Now++)
            {
                while (_agenda.Count > 0 && ((Scheduled)_agenda[0]).At <= Now)
                {
                    Scheduled due = (Scheduled)_agenda[0];
                    _agenda.RemoveAt(0);
                    due.Action.Run();
                }

                for (int i = 0; i < _models.Length; i++)
                {
                    _models[i].Tick();
                }

                if (_smu == null && Now >= _upAt)
                {
                    _smu = new ServerManagementUnit(Config, _board, Side, _region);
                    _poked = true;
                    if (Now > 0)
                    {
                        Note("SMU starts again");
                    }
                }

                if (_smu != null && (!Sparse || _poked || Now >= _smu.NextDueMs))
                {
                    _poked = false;
                    StepsTaken++;
                    _smu.Step(Now);
                }
                else
                {
                    _host.DropIncoming();
                    _peer.DropIncoming();
                }

                Collect();
                if (Now == End || IsCheckTime(Now))
                {
                    _snapshots.Add(new Snapshot(Now, State()));
                }
            }
        }

        /// <inheritdoc/>
        public bool Input(string name)
        {
            return InputLine(name).Value;
        }

        /// <inheritdoc/>
        public bool Output(string name)
        {
            for (int i = 0; i < _outputs.Length; i++)
            {
                if (_outputs[i].Name == name)
                {
                    return _outputs[i].Value;
                }
            }

            throw new FormatException("no output line '" + name + "'");
        }

        /// <inheritdoc/>
        public void SetInput(string name, bool value)
        {
            MemoryLine line = InputLine(name);
            if (line.Value != value)
            {
                _poked = true;
                line.Value = value;
                Record("input", name, value);
            }
        }

        /// <inheritdoc/>
        public void Send(string link, Message message)
        {
            FrameWriter writer = link == "host" ? _toHost : _toPeer;
            int n = writer.Write(message, _wire, 0);
            (link == "host" ? _host : _peer).Feed(_wire, 0, n);
            _poked = true;
            _trace.Add(new TraceEvent(Now, ">" + link, MessageFields.NameOf(message.Type), MessageFields.Read(message), writer.LastSequence));
        }

        /// <inheritdoc/>
        public void Schedule(long at, WorldAction action)
        {
            int index = _agenda.Count;
            while (index > 0 && ((Scheduled)_agenda[index - 1]).At > at)
            {
                index--;
            }

            _agenda.Insert(index, new Scheduled(at, _order++, action));
        }

        /// <inheritdoc/>
        public void Note(string text)
        {
            _trace.Add(new TraceEvent(Now, "note", text, new FieldValues(), 0));
        }

        /// <inheritdoc/>
        public void Changed(MemoryLine line)
        {
            Record("line", line.Name, line.Value);
        }

        /// <summary>The trace as text: a title line, one line per event, then any safety violations.</summary>
        /// <returns>The lines.</returns>
        public string[] TraceLines()
        {
            string[] lines = new string[1 + _trace.Count + _violations.Count];
            lines[0] = "# " + _scenario.Name + ": " + _scenario.Title;
            for (int i = 0; i < _trace.Count; i++)
            {
                lines[1 + i] = _trace[i].ToString();
            }

            for (int i = 0; i < _violations.Count; i++)
            {
                lines[1 + _trace.Count + i] = "VIOLATION " + _violations[i];
            }

            return lines;
        }

        private static int Budget(SmuScenario scenario, string link)
        {
            int at = scenario.WriteBudgets.IndexOf(link);
            return at < 0 ? -1 : (int)scenario.WriteBudgets.ValueAt(at);
        }

        private static BootStage ParseStage(string text)
        {
            // name:deadline or name:deadline@after
            int colon = text.IndexOf(':');
            if (colon <= 0)
            {
                throw new FormatException("'" + text + "' is not a stage (name:deadline[@after])");
            }

            int atSign = text.IndexOf('@', colon);
            string deadline = atSign < 0 ? text.Substring(colon + 1) : text.Substring(colon + 1, atSign - colon - 1);
            int after = atSign < 0 ? BootStage.FromPowerOn : (int)Numbers.Parse(text.Substring(atSign + 1));
            return new BootStage(text.Substring(0, colon), Numbers.Time(deadline), after);
        }

        private static long DefaultEnd(SmuScenario scenario)
        {
            long last = 1000;
            for (int i = 0; i < scenario.Expectations.Length; i++)
            {
                Expectation e = scenario.Expectations[i];
                if (e.To != long.MaxValue && e.To > last)
                {
                    last = e.To;
                }

                if (e.From != long.MaxValue && e.From > last)
                {
                    last = e.From;
                }
            }

            for (int i = 0; i < scenario.Script.Length; i++)
            {
                TimedAction a = scenario.Script[i];
                long at = a.Every > 0 && a.Until != long.MaxValue ? a.Until : a.At;
                if (at > last)
                {
                    last = at;
                }
            }

            return last + 1000;
        }

        private static long[] CheckTimes(SmuScenario scenario)
        {
            ArrayList times = new ArrayList();
            for (int i = 0; i < scenario.Expectations.Length; i++)
            {
                if (scenario.Expectations[i].Kind == "check")
                {
                    times.Add(scenario.Expectations[i].From);
                }
            }

            long[] array = new long[times.Count];
            for (int i = 0; i < array.Length; i++)
            {
                array[i] = (long)times[i];
            }

            return array;
        }

        private bool IsCheckTime(long time)
        {
            for (int i = 0; i < _checkTimes.Length; i++)
            {
                if (_checkTimes[i] == time)
                {
                    return true;
                }
            }

            return false;
        }

        private MemoryLine InputLine(string name)
        {
            for (int i = 0; i < _inputs.Length; i++)
            {
                if (_inputs[i].Name == name)
                {
                    return _inputs[i];
                }
            }

            throw new FormatException("no input line '" + name + "'");
        }

        private void WritePersisted(Pair[] values)
        {
            RegionLayout layout = new RegionLayout(_region);
            PersistedState state = new PersistedState(layout.Take(PersistedState.RegionSize));
            state.Load();
            for (int i = 0; i < values.Length; i++)
            {
                string value = values[i].Value;
                switch (values[i].Key)
                {
                    case "Mode": state.Mode = (Mode)(byte)Kinds.Mode.Parse(value); break;
                    case "Epoch": state.Epoch = (uint)Kinds.U32.Parse(value); break;
                    case "Phase": state.Phase = (SequencePhase)(byte)Kinds.SequencePhase.Parse(value); break;
                    case "Fault": state.Fault = (FaultKind)(byte)Kinds.FaultKind.Parse(value); break;
                    case "Detail": state.FaultDetail = (ushort)Kinds.U16.Parse(value); break;
                    case "Alarms": state.LatchedAlarms = (AlarmFlags)(ushort)Kinds.AlarmFlags.Parse(value); break;
                    case "Stages": state.StagesReached = (int)Kinds.I32.Parse(value); break;
                    default: throw new FormatException("no persisted field '" + values[i].Key + "'");
                }
            }

            state.Save();
        }

        private void ScheduleTimed(TimedAction timed, long at)
        {
            if (at > timed.Until)
            {
                return;
            }

            Schedule(at, new ScriptStep(this, timed, at));
        }

        private void Do(ScriptAction action)
        {
            string[] words = action.Words;
            switch (action.Verb)
            {
                case "set":
                    Pair[] levels = Words.Pairs(words, 1);
                    for (int i = 0; i < levels.Length; i++)
                    {
                        SetInput(levels[i].Key, Kinds.Bool.Parse(levels[i].Value) != 0);
                    }

                    break;
                case "host":
                case "peer":
                    Send(action.Verb, BuildMessage(action.Verb, words[1], Words.Pairs(words, 2)));
                    break;
                case "noise":
                    byte[] bytes = new byte[words.Length - 2];
                    for (int i = 2; i < words.Length; i++)
                    {
                        bytes[i - 2] = (byte)Kinds.U8.Parse("0x" + words[i]);
                    }

                    (words[1] == "host" ? _host : _peer).Feed(bytes, 0, bytes.Length);
                    _poked = true;
                    Note("noise on " + words[1] + ": " + Words.Join(Words.From(words, 2)));
                    break;
                case "reboot":
                case "powerloss":
                    // A reboot lets the GPIOs fall but the request latch holds; a power loss clears it too.
                    bool powerLoss = words[0] == "powerloss";
                    long down = words.Length > 1 ? Numbers.Time(words[1]) : 500;
                    Note(powerLoss ? "SMU loses its power (down " + down + " ms)" : "SMU reboots (down " + down + " ms)");
                    _smu = null;
                    _upAt = Now + down;
                    for (int i = 0; i < _outputs.Length; i++)
                    {
                        if (powerLoss || _outputs[i].Name != "StorageRequest")
                        {
                            _outputs[i].Value = false;
                        }
                    }

                    break;
                case "model":
                    Model model = ModelNamed(words[1]);
                    for (int i = 2; i < words.Length; i++)
                    {
                        int eq = words[i].IndexOf('=');
                        if (eq > 0)
                        {
                            model.Set(words[i].Substring(0, eq), words[i].Substring(eq + 1));
                        }
                        else
                        {
                            model.Command(words[i]);
                        }
                    }

                    break;
            }
        }

        private Model ModelNamed(string name)
        {
            for (int i = 0; i < _models.Length; i++)
            {
                if (_modelNames[i] == name)
                {
                    return _models[i];
                }
            }

            throw new FormatException("no model '" + name + "' in this scenario");
        }

        // A message the script sends: a fresh one of its type, usable defaults, then the fields written.
        private Message BuildMessage(string link, string typeName, Pair[] fields)
        {
            MessageType type = MessageFields.TypeNamed(typeName);
            Message message = new MessageSet().ForType((byte)type);
            bool host = link == "host";
            switch (type)
            {
                case MessageType.Hello:
                    Hello hello = (Hello)message;
                    hello.ProtocolVersion = Frame.ProtocolVersion;
                    hello.Node = host ? NodeKind.Agent : NodeKind.Smu;
                    hello.Side = host ? Side.None : PeerSide;
                    hello.FirmwareMinor = 1;
                    break;
                case MessageType.Heartbeat:
                    ((Heartbeat)message).Side = PeerSide;
                    ((Heartbeat)message).Mode = Mode.Standby;
                    break;
                case MessageType.SwitchRequest:
                    SwitchRequest request = (SwitchRequest)message;
                    request.Epoch = 1;
                    request.Kind = SwitchKind.Failover;
                    request.From = PeerSide;
                    break;
                case MessageType.SwitchAck:
                    ((SwitchAck)message).Epoch = 1;
                    break;
                case MessageType.OperatorCommand:
                    ((OperatorCommand)message).Command = OperatorCommandKind.AlarmReset;
                    ((OperatorCommand)message).Target = Side;
                    break;
                case MessageType.LogReadRequest:
                    ((LogReadRequest)message).MaxCount = 1000;
                    break;
                case MessageType.TimeSet:
                    ((TimeSet)message).UnixMilliseconds = 1;
                    break;
                case MessageType.FaultReport:
                    ((FaultReport)message).Kind = FaultKind.ServiceFailure;
                    break;
            }

            MessageFields.Set(message, fields);
            return message;
        }

        private void Record(string channel, string name, bool value)
        {
            TraceEvent e = new TraceEvent(Now, channel, name, new FieldValues().Add("Value", Kinds.Bool, value ? 1 : 0), 0);
            _trace.Add(e);
            if (channel != "line")
            {
                return;
            }

            _fresh.Add(e);
            if (name == "PowerButton" && value && !Input("PowerGood") && !Input("StorageGranted"))
            {
                _violations.Add(Now + ": power button pressed on while the storage is not granted (safety property 3)");
            }
        }

        private void Collect()
        {
            Decode("host", _host, _fromHost);
            Decode("peer", _peer, _fromPeer);
            if (_smu != null)
            {
                while (_smu.Log.TryRead(_nextLog, _record))
                {
                    TraceEvent e = new TraceEvent(Now, "log", Kinds.EventCode.Format((byte)_record.Code), LogFields.Of(_record), 0);
                    _trace.Add(e);
                    _fresh.Add(e);
                    _nextLog++;
                }

                if (_nextLog < _smu.Log.FirstSequence)
                {
                    _nextLog = _smu.Log.FirstSequence;
                }
            }

            if (_fresh.Count == 0)
            {
                return;
            }

            object[] fresh = _fresh.ToArray();
            _fresh.Clear();
            for (int f = 0; f < fresh.Length; f++)
            {
                TraceEvent e = (TraceEvent)fresh[f];
                for (int i = 0; i < _models.Length; i++)
                {
                    _models[i].Observe(e);
                }

                for (int r = 0; r < _scenario.Rules.Length; r++)
                {
                    Rule rule = _scenario.Rules[r];
                    if ((!rule.Once || !_fired[r]) && rule.Pattern.Matches(e))
                    {
                        _fired[r] = true;
                        Schedule(Now + rule.After, new RuleStep(this, rule.Action));
                    }
                }
            }
        }

        private void Decode(string link, MemoryChannel channel, FrameReader reader)
        {
            while (channel.OutgoingPending > 0)
            {
                int n = channel.Drain(_drained);
                for (int i = 0; i < n; i++)
                {
                    if (reader.Push(_drained[i]))
                    {
                        TraceEvent e = new TraceEvent(Now, link, MessageFields.NameOf(reader.Message.Type), MessageFields.Read(reader.Message), reader.Sequence);
                        _trace.Add(e);
                        _fresh.Add(e);
                    }
                }
            }

            channel.NextStep();
        }

        private FieldValues State()
        {
            FieldValues state = new FieldValues();
            for (int i = 0; i < _outputs.Length; i++)
            {
                state.Add(_outputs[i].Name, Kinds.Bool, _outputs[i].Value ? 1 : 0);
            }

            for (int i = 0; i < _inputs.Length; i++)
            {
                state.Add(_inputs[i].Name, Kinds.Bool, _inputs[i].Value ? 1 : 0);
            }

            state.Add("Running", Kinds.Bool, _smu != null ? 1 : 0);
            if (_smu != null)
            {
                state.Add("Mode", Kinds.Mode, (long)_smu.Mode);
                state.Add("Phase", Kinds.SequencePhase, (long)_smu.Phase);
                state.Add("Epoch", Kinds.U32, _smu.Epoch);
                state.Add("Alarms", Kinds.AlarmFlags, (long)_smu.Alarms);
                state.Add("Fault", Kinds.FaultKind, (long)_smu.Fault);
                state.Add("PeerHeard", Kinds.Bool, _smu.PeerHeard ? 1 : 0);
                state.Add("PeerMode", Kinds.Mode, (long)_smu.PeerMode);
                state.Add("Health", Kinds.HealthFlags, (long)_smu.Health);
                state.Add("FramesNotSent", Kinds.I64, _smu.FramesNotSent);
                state.Add("HostDropped", Kinds.I64, _smu.HostLinkCounters.Dropped);
                state.Add("PeerDropped", Kinds.I64, _smu.PeerLinkCounters.Dropped);
            }

            return state;
        }

        private sealed class Scheduled
        {
            public Scheduled(long at, long order, WorldAction action)
            {
                At = at;
                Order = order;
                Action = action;
            }

            public long At { get; }

            public long Order { get; }

            public WorldAction Action { get; }
        }

        private sealed class Snapshot
        {
            public Snapshot(long time, FieldValues state)
            {
                Time = time;
                State = state;
            }

            public long Time { get; }

            public FieldValues State { get; }
        }

        // A script line's action at its time; a repeating one schedules its next time.
        private sealed class ScriptStep : WorldAction
        {
            private readonly SmuWorld _world;
            private readonly TimedAction _timed;
            private readonly long _at;

            public ScriptStep(SmuWorld world, TimedAction timed, long at)
            {
                _world = world;
                _timed = timed;
                _at = at;
            }

            public override void Run()
            {
                _world.Do(_timed.Action);
                if (_timed.Every > 0)
                {
                    _world.ScheduleTimed(_timed, _at + _timed.Every);
                }
            }
        }

        // A rule's action, some time after the event that fired it.
        private sealed class RuleStep : WorldAction
        {
            private readonly SmuWorld _world;
            private readonly ScriptAction _action;

            public RuleStep(SmuWorld world, ScriptAction action)
            {
                _world = world;
                _action = action;
            }

            public override void Run()
            {
                _world.Do(_action);
            }
        }
    }
}
