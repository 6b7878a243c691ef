using System.Text;
using ColdStandby.Hardware;
using ColdStandby.Protocol;
using ColdStandby.RecordStore;
using ColdStandby.Smu.Tests.Harness;

namespace ColdStandby.Smu.Tests.Runner;

/// <summary>
/// Runs one scenario in virtual time, one step a millisecond: the SMU under test on test lines and
/// channels, the plant models, the script and the rules; records everything into a trace.
/// </summary>
public sealed class ScenarioWorld : IWorld
{
    public const int LogCapacity = 512;

    private readonly Scenario _scenario;
    private readonly Dictionary<string, TestOutputLine> _outputs = new();
    private readonly Dictionary<string, TestInputLine> _inputs = new();
    private readonly TestChannel _host = new();
    private readonly TestChannel _peer = new();
    private readonly FrameReader _fromHost = new();
    private readonly FrameReader _fromPeer = new();
    private readonly FrameWriter _toHost = new();
    private readonly FrameWriter _toPeer = new();
    private readonly byte[] _wire = new byte[Frame.MaxWireLength];
    private readonly RamRegion _region = new(ServerManagementUnit.RegionSizeFor(LogCapacity));
    private readonly SmuBoard _board;
    private readonly Dictionary<string, Model> _models = new();
    private readonly PriorityQueue<Action, (long, long)> _agenda = new();
    private readonly List<TraceEvent> _trace = new();
    private readonly List<TraceEvent> _fresh = new();
    private readonly Dictionary<long, Dictionary<string, object>> _snapshots = new();
    private readonly HashSet<long> _checkTimes;
    private readonly EventRecord _record = new();
    private ServerManagementUnit? _smu;
    private long _upAt;
    private long _order;
    private uint _nextLog = 1;

    private bool _poked = true;

    public ScenarioWorld(Scenario scenario, bool sparse = false)
    {
        Sparse = sparse;
        _scenario = scenario;
        Side = scenario.Side;
        PeerSide = Side == Side.A ? Side.B : Side.A;
        Config = BuildConfig(scenario);
        foreach (string name in new[] { "PowerButton", "StorageRequest", "Alarm" })
        {
            var line = new TestOutputLine(name) { Changed = (l, v) => Record("line", l.Name, v) };
            _outputs[name] = line;
        }

        foreach (string name in new[] { "PowerGood", "StorageGranted", "RepairButton" })
        {
            _inputs[name] = new TestInputLine(name) { Value = scenario.Inputs.GetValueOrDefault(name) };
        }

        // The SMU's own supply is present unless a scenario says otherwise.
        _inputs["ExternalPower"] = new TestInputLine("ExternalPower") { Value = scenario.Inputs.GetValueOrDefault("ExternalPower", true) };

        foreach (string key in scenario.Inputs.Keys.Where(k => !_inputs.ContainsKey(k)))
        {
            throw new FormatException($"no input line '{key}'");
        }

        _board = new SmuBoard(
            _outputs["PowerButton"], _outputs["StorageRequest"], _outputs["Alarm"],
            _inputs["PowerGood"], _inputs["StorageGranted"], _inputs["RepairButton"], _peer, _host, _inputs["ExternalPower"]);
        _host.WriteBudget = scenario.WriteBudgets.GetValueOrDefault("host", -1);
        _peer.WriteBudget = scenario.WriteBudgets.GetValueOrDefault("peer", -1);
        if (scenario.Persisted != null)
        {
            WritePersisted(scenario.Persisted);
        }

        foreach (var (name, options) in scenario.Models)
        {
            Model model = name switch
            {
                "dm" => new DmModel(this),
                "server" => new ServerModel(this),
                "agent" => new AgentModel(this),
                "peer" => new PeerModel(this),
                _ => throw new FormatException($"no model '{name}' (dm, server, agent, peer)"),
            };
            foreach (var (key, value) in options)
            {
                model.Set(key, value);
            }

            _models[name] = model;
        }

        foreach (var timed in scenario.Script)
        {
            ScheduleTimed(timed, timed.At);
        }

        _checkTimes = scenario.Expectations.Where(e => e.Kind == "check").Select(e => e.From).ToHashSet();
        End = scenario.RunUntil >= 0 ? scenario.RunUntil : DefaultEnd(scenario);
        _upAt = 0;
    }

    public long Now { get; private set; }

    /// <summary>
    /// Gets whether the SMU is stepped only when its <see cref="ServerManagementUnit.NextDueMs"/> has
    /// come or something reached it (an input changed, bytes arrived, it restarted), as the bench does.
    /// </summary>
    public bool Sparse { get; }

    /// <summary>Gets how many times the SMU was stepped.</summary>
    public long StepsTaken { get; private set; }

    public Side Side { get; }

    public Side PeerSide { get; }

    public SmuConfig Config { get; }

    public long End { get; }

    public IReadOnlyList<TraceEvent> Trace => _trace;

    public List<string> Violations { get; } = new();

    public ServerManagementUnit? Smu => _smu;

    public Dictionary<string, object>? SnapshotAt(long time) =>
        _snapshots.TryGetValue(time == long.MaxValue ? End : time, out var s) ? s : null;

    public static SmuConfig BuildConfig(Scenario scenario)
    {
        var config = new SmuConfig();
        foreach (var (key, value) in scenario.Config)
        {
            var property = typeof(SmuConfig).GetProperty(key) ?? throw new FormatException($"no config key '{key}'");
            property.SetValue(config, Fields.Parse(property.PropertyType, value.EndsWith('s') && property.PropertyType == typeof(long) ? ScenarioParser.Time(value).ToString() : value));
        }

        if (scenario.Stages != null)
        {
            config.BootStages = scenario.Stages.Select(ParseStage).ToArray();
        }

        string? bad = config.Validate();
        if (bad != null)
        {
            throw new FormatException($"config key {bad} is invalid");
        }

        return config;
    }

    /// <summary>Runs the whole scenario.</summary>
    public void Run()
    {
        for (Now = 0; Now <= End; Now++)
        {
            while (_agenda.TryPeek(out _, out var key) && key.Item1 <= Now)
            {
                _agenda.Dequeue()();
            }

            foreach (var model in _models.Values)
            {
                model.Tick();
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
                _host.DropInbound();
                _peer.DropInbound();
            }

            Collect();
            if (_checkTimes.Contains(Now) || Now == End)
            {
                _snapshots[Now] = Snapshot();
            }
        }
    }

    public bool Input(string name) => _inputs[name].Value;

    public bool Output(string name) => _outputs[name].Value;

    public void SetInput(string name, bool value)
    {
        var line = _inputs.TryGetValue(name, out var l) ? l : throw new FormatException($"no input line '{name}'");
        if (line.Value != value)
        {
            _poked = true;
            line.Value = value;
            Record("input", name, value);
        }
    }

    public void Send(string link, Message message)
    {
        FrameWriter writer = link == "host" ? _toHost : _toPeer;
        int n = writer.Write(message, _wire, 0);
        (link == "host" ? _host : _peer).Deliver(_wire, n);
        _poked = true;
        _trace.Add(new TraceEvent(Now, ">" + link, message.Type.ToString(), Fields.Snapshot(message)) { Sequence = writer.LastSequence });
    }

    public void Schedule(long at, Action action) => _agenda.Enqueue(action, (at, _order++));

    public void Note(string text) => _trace.Add(new TraceEvent(Now, "note", text, new Dictionary<string, object>()));

    public string TraceText()
    {
        var text = new StringBuilder();
        text.AppendLine($"# {_scenario.Name}: {_scenario.Title}");
        foreach (var e in _trace)
        {
            text.AppendLine(e.ToString());
        }

        foreach (string violation in Violations)
        {
            text.AppendLine("VIOLATION " + violation);
        }

        return text.ToString();
    }

    private static BootStage ParseStage(string text)
    {
        // name:deadline or name:deadline@after
        string[] parts = text.Split(':', '@');
        int after = parts.Length > 2 ? int.Parse(parts[2]) : BootStage.FromPowerOn;
        return new BootStage(parts[0], ScenarioParser.Time(parts[1]), after);
    }

    private static long DefaultEnd(Scenario scenario)
    {
        long last = 1000;
        foreach (var e in scenario.Expectations)
        {
            if (e.To != long.MaxValue)
            {
                last = Math.Max(last, e.To);
            }

            if (e.From != long.MaxValue)
            {
                last = Math.Max(last, e.From);
            }
        }

        foreach (var a in scenario.Script)
        {
            last = Math.Max(last, a.Every > 0 && a.Until != long.MaxValue ? a.Until : a.At);
        }

        return last + 1000;
    }

    private void WritePersisted(Dictionary<string, string> values)
    {
        var layout = new RegionLayout(_region);
        var state = new PersistedState(layout.Take(PersistedState.RegionSize));
        state.Load();
        foreach (var (key, value) in values)
        {
            switch (key)
            {
                case "Mode": state.Mode = (Mode)Fields.Parse(typeof(Mode), value); break;
                case "Epoch": state.Epoch = (uint)Fields.Parse(typeof(uint), value); break;
                case "Phase": state.Phase = (SequencePhase)Fields.Parse(typeof(SequencePhase), value); break;
                case "Fault": state.Fault = (FaultKind)Fields.Parse(typeof(FaultKind), value); break;
                case "Detail": state.FaultDetail = (ushort)Fields.Parse(typeof(ushort), value); break;
                case "Alarms": state.LatchedAlarms = (AlarmFlags)Fields.Parse(typeof(AlarmFlags), value); break;
                case "Stages": state.StagesReached = (int)Fields.Parse(typeof(int), value); break;
                default: throw new FormatException($"no persisted field '{key}'");
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

        Schedule(at, () =>
        {
            Do(timed.Action);
            if (timed.Every > 0)
            {
                ScheduleTimed(timed, at + timed.Every);
            }
        });
    }

    private void Do(ScriptAction action)
    {
        string[] words = action.Words;
        switch (action.Verb)
        {
            case "set":
                foreach (var (key, value) in ScenarioParser.Pairs(words[1..]))
                {
                    SetInput(key, (bool)Fields.Parse(typeof(bool), value));
                }

                break;
            case "host":
            case "peer":
                Send(action.Verb, BuildMessage(action.Verb, words[1], words[2..]));
                break;
            case "noise":
                byte[] bytes = words[2..].Select(w => Convert.ToByte(w, 16)).ToArray();
                (words[1] == "host" ? _host : _peer).Deliver(bytes, bytes.Length);
                _poked = true;
                Note($"noise on {words[1]}: {string.Join(" ", words[2..])}");
                break;
            case "reboot":
                long down = words.Length > 1 ? ScenarioParser.Time(words[1]) : 500;
                Note($"SMU reboots (down {down} ms)");
                _smu = null;
                _upAt = Now + down;
                foreach (var line in _outputs.Values)
                {
                    line.Value = false;
                }

                break;
            case "model":
                var model = _models.TryGetValue(words[1], out var m) ? m : throw new FormatException($"no model '{words[1]}' in this scenario");
                foreach (string word in words[2..])
                {
                    int eq = word.IndexOf('=');
                    if (eq > 0)
                    {
                        model.Set(word[..eq], word[(eq + 1)..]);
                    }
                    else
                    {
                        model.Command(word);
                    }
                }

                break;
        }
    }

    private Message BuildMessage(string link, string typeName, string[] fieldWords)
    {
        MessageType type = Fields.TypeNamed(typeName);
        Message message = new MessageSet().ForType((byte)type)!;
        switch (message)
        {
            case Hello hello:
                hello.ProtocolVersion = Frame.ProtocolVersion;
                hello.Node = link == "host" ? NodeKind.Agent : NodeKind.Smu;
                hello.Side = link == "host" ? Side.None : PeerSide;
                hello.FirmwareMinor = 1;
                break;
            case Heartbeat heartbeat:
                heartbeat.Side = PeerSide;
                heartbeat.Mode = Mode.Standby;
                break;
            case SwitchRequest request:
                request.Epoch = 1;
                request.Kind = SwitchKind.Failover;
                request.From = PeerSide;
                break;
            case SwitchAck ack:
                ack.Epoch = 1;
                break;
            case OperatorCommand command:
                command.Command = OperatorCommandKind.AlarmReset;
                command.Target = Side;
                break;
            case LogReadRequest read:
                read.MaxCount = 1000;
                break;
            case TimeSet time:
                time.UnixMilliseconds = 1;
                break;
            case FaultReport fault:
                fault.Kind = FaultKind.ServiceFailure;
                break;
        }

        foreach (var (key, value) in ScenarioParser.Pairs(fieldWords))
        {
            Fields.Set(message, key, value);
        }

        return message;
    }

    private void Record(string channel, string name, bool value)
    {
        var e = new TraceEvent(Now, channel, name, new Dictionary<string, object> { ["Value"] = value });
        _trace.Add(e);
        if (channel != "line")
        {
            return;
        }

        _fresh.Add(e);
        if (name == "PowerButton" && value && !Input("PowerGood") && !Input("StorageGranted"))
        {
            Violations.Add($"{Now}: power button pressed on while the storage is not granted (safety property 3)");
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
                var e = new TraceEvent(Now, "log", _record.Code.ToString(), LogFields(_record));
                _trace.Add(e);
                _fresh.Add(e);
                _nextLog++;
            }

            if (_nextLog < _smu.Log.FirstSequence)
            {
                _nextLog = _smu.Log.FirstSequence;
            }
        }

        var fresh = _fresh.ToArray();
        _fresh.Clear();
        foreach (var e in fresh)
        {
            foreach (var model in _models.Values)
            {
                model.Observe(e);
            }

            foreach (var rule in _scenario.Rules)
            {
                if ((!rule.Once || !rule.Fired) && rule.Pattern.Matches(e))
                {
                    rule.Fired = true;
                    Schedule(Now + rule.After, () => Do(rule.Action));
                }
            }
        }
    }

    private void Decode(string link, TestChannel channel, FrameReader reader)
    {
        foreach (byte b in channel.TakeWritten())
        {
            if (reader.Push(b))
            {
                var e = new TraceEvent(Now, link, reader.Message.Type.ToString(), Fields.Snapshot(reader.Message)) { Sequence = reader.Sequence };
                _trace.Add(e);
                _fresh.Add(e);
            }
        }
    }

    private static Dictionary<string, object> LogFields(EventRecord record)
    {
        uint argument = record.Argument;
        var fields = new Dictionary<string, object> { ["Side"] = record.Side };
        switch (record.Code)
        {
            case EventCode.AlarmRaised:
            case EventCode.AlarmCleared:
                fields["Argument"] = (AlarmFlags)argument;
                break;
            case EventCode.ModeChanged:
            case EventCode.SmuReset:
                fields["Argument"] = (Mode)argument;
                break;
            case EventCode.SwitchAbandoned:
                fields["Argument"] = (RefusalReason)argument;
                break;
            case EventCode.OperatorCommand:
                fields["Argument"] = (OperatorCommandKind)argument;
                break;
            case EventCode.ServerFault:
                fields["Kind"] = (FaultKind)(argument & 0xFF);
                fields["Detail"] = (ushort)(argument >> 16);
                break;
            case EventCode.FitnessChecked:
                fields["Fit"] = argument == 1;
                fields["Reason"] = (UnfitReason)(argument >> 8);
                break;
            default:
                fields["Argument"] = argument;
                break;
        }

        return fields;
    }

    private Dictionary<string, object> Snapshot()
    {
        var state = new Dictionary<string, object>();
        foreach (var line in _outputs.Values)
        {
            state[line.Name] = line.Value;
        }

        foreach (var line in _inputs.Values)
        {
            state[line.Name] = line.Value;
        }

        state["Running"] = _smu != null;
        if (_smu != null)
        {
            state["Mode"] = _smu.Mode;
            state["Phase"] = _smu.Phase;
            state["Epoch"] = _smu.Epoch;
            state["Alarms"] = _smu.Alarms;
            state["Fault"] = _smu.Fault;
            state["PeerHeard"] = _smu.PeerHeard;
            state["PeerMode"] = _smu.PeerMode;
            state["Health"] = _smu.Health;
            state["FramesNotSent"] = _smu.FramesNotSent;
            state["HostDropped"] = _smu.HostLinkCounters.Dropped;
            state["PeerDropped"] = _smu.PeerLinkCounters.Dropped;
        }

        return state;
    }
}
