namespace ColdStandby.Scenarios.Smu.Models
{
    /// <summary>
    /// The server's power as seen through the front-panel button: a press shorter than
    /// <c>ForcedOffMs</c> turns an off server on <c>PowerOnMs</c> after release (unless <c>Dead=true</c>);
    /// holding it <c>ForcedOffMs</c> turns a running server off (unless <c>Stuck=true</c>).
    /// </summary>
    public sealed class ServerModel : Model
    {
        private long _powerOnMs = 500;
        private long _forcedOffMs = 4000;
        private bool _dead;
        private bool _stuck;
        private bool _pressed;
        private long _pressedAt;
        private long _powerOnAt = long.MaxValue;

        /// <summary>Initializes a new instance of the <see cref="ServerModel"/> class.</summary>
        /// <param name="world">The world.</param>
        public ServerModel(IWorld world)
            : base(world)
        {
        }

        /// <inheritdoc/>
        public override void Set(string key, string value)
        {
            switch (key)
            {
                case "PowerOnMs": _powerOnMs = Ms(value); break;
                case "ForcedOffMs": _forcedOffMs = Ms(value); break;
                case "Dead": _dead = Flag(value); break;
                case "Stuck": _stuck = Flag(value); break;
                default: throw Unknown(key);
            }
        }

        /// <inheritdoc/>
        public override void Tick()
        {
            long now = World.Now;
            bool button = World.Output("PowerButton");
            bool on = World.Input("PowerGood");
            if (button && !_pressed)
            {
                _pressed = true;
                _pressedAt = now;
            }
            else if (button && on && !_stuck && now - _pressedAt >= _forcedOffMs)
            {
                World.Note("server forced off by the button");
                World.SetInput("PowerGood", false);
            }
            else if (!button && _pressed)
            {
                _pressed = false;
                if (!on && now - _pressedAt < _forcedOffMs && !_dead)
                {
                    _powerOnAt = now + _powerOnMs;
                }
            }

            if (now >= _powerOnAt)
            {
                _powerOnAt = long.MaxValue;
                World.SetInput("PowerGood", true);
            }
        }
    }
}
