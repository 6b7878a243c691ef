using ColdStandby.Protocol;

namespace ColdStandby.Scenarios.Smu.Models
{
    /// <summary>
    /// The host agent on this side's server: <c>HelloMs</c> after power-good it says hello, then kicks
    /// every <c>KickMs</c>, reports the remaining boot stages <c>ServicesMs</c> after hello (-1: never),
    /// sends controller health every <c>HealthMs</c> (0: never), and on a shutdown request stops the OS
    /// within <c>ShutdownMs</c> (-1: ignores it) and powers the server off. It re-says hello when the SMU
    /// answers NoSession (the SMU rebooted). <c>model agent hang</c> stops it dead (the OS hung).
    /// </summary>
    public sealed class AgentModel : Model
    {
        private readonly MessageSet _out = new MessageSet();
        private long _helloMs = 1000;
        private long _kickMs = 250;
        private long _servicesMs = 2000;
        private long _shutdownMs = 3000;
        private long _healthMs;
        private string _state = "off";
        private long _next;
        private long _servicesAt = long.MaxValue;
        private long _healthAt = long.MaxValue;
        private long _haltAt = long.MaxValue;
        private long _lastHello = long.MinValue / 2;
        private uint _kicks;

        /// <summary>Initializes a new instance of the <see cref="AgentModel"/> class.</summary>
        /// <param name="world">The world.</param>
        public AgentModel(IWorld world)
            : base(world)
        {
        }

        /// <inheritdoc/>
        public override void Set(string key, string value)
        {
            switch (key)
            {
                case "HelloMs": _helloMs = Ms(value); break;
                case "KickMs": _kickMs = Ms(value); break;
                case "ServicesMs": _servicesMs = Ms(value); break;
                case "ShutdownMs": _shutdownMs = Ms(value); break;
                case "HealthMs": _healthMs = Ms(value); break;
                case "State": _state = value; break;
                default: throw Unknown(key);
            }
        }

        /// <inheritdoc/>
        public override void Command(string verb)
        {
            if (verb != "hang")
            {
                base.Command(verb);
            }

            World.Note("agent hangs (the OS is dead)");
            _state = "hung";
        }

        /// <inheritdoc/>
        public override void Tick()
        {
            long now = World.Now;
            if (!World.Input("PowerGood"))
            {
                _state = "off";
                return;
            }

            switch (_state)
            {
                case "off":
                    _state = "booting";
                    _next = now + _helloMs;
                    break;
                case "booting":
                    if (now >= _next)
                    {
                        Hello();
                        _state = "up";
                        _next = now + _kickMs;
                        _servicesAt = _servicesMs >= 0 ? now + _servicesMs : long.MaxValue;
                        _healthAt = _healthMs > 0 ? now + _healthMs : long.MaxValue;
                    }

                    break;
                case "up":
                    Up(now);
                    break;
                case "halting":
                    if (now >= _haltAt)
                    {
                        _haltAt = long.MaxValue;
                        World.Send("host", _out.ShutdownDone);
                        World.Note("agent powers the server off");
                        World.SetInput("PowerGood", false);
                        _state = "off";
                    }

                    break;
            }
        }

        /// <inheritdoc/>
        public override void Observe(TraceEvent e)
        {
            if (e.Channel != "host" || _state != "up")
            {
                return;
            }

            if (e.Name == "ShutdownRequest" && _shutdownMs >= 0)
            {
                World.Send("host", _out.ShutdownStarted);
                _state = "halting";
                _haltAt = World.Now + _shutdownMs;
            }
            else if (e.Name == "Refusal" && e.Fields.Value("Reason") == (long)RefusalReason.NoSession && World.Now - _lastHello >= 100)
            {
                Hello();
            }
        }

        private void Up(long now)
        {
            if (now >= _next)
            {
                _out.Kick.Counter = ++_kicks;
                World.Send("host", _out.Kick);
                _next = now + _kickMs;
            }

            if (now >= _servicesAt)
            {
                _servicesAt = long.MaxValue;
                for (int stage = 2; stage < World.Config.BootStages.Length; stage++)
                {
                    _out.CheckpointReached.Stage = (byte)stage;
                    World.Send("host", _out.CheckpointReached);
                }
            }

            if (now >= _healthAt)
            {
                _out.ControllerHealth.Raid = ControllerState.Ok;
                _out.ControllerHealth.Lan = ControllerState.Ok;
                World.Send("host", _out.ControllerHealth);
                _healthAt = now + _healthMs;
            }
        }

        private void Hello()
        {
            _lastHello = World.Now;
            Hello hello = _out.Hello;
            hello.ProtocolVersion = Frame.ProtocolVersion;
            hello.Node = NodeKind.Agent;
            hello.Side = Side.None;
            hello.FirmwareMajor = 0;
            hello.FirmwareMinor = 1;
            hello.FirmwarePatch = 0;
            World.Send("host", hello);
        }
    }
}
