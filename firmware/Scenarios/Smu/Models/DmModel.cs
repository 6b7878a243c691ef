namespace ColdStandby.Scenarios.Smu.Models
{
    /// <summary>
    /// The disk manager as this SMU sees it: StorageGranted follows StorageRequest, rising
    /// <c>GrantMs</c> after the request (when <c>Grant=true</c>, i.e. the other side holds nothing) and
    /// falling <c>ReleaseMs</c> after the request went (the DM's debounce and a step; when
    /// <c>Release=true</c>), and never rising sooner than <c>SettleMs</c> after it fell (the DM's
    /// settle: it grants nobody for that long after a release or its restart).
    /// <c>Lose</c> drops the grant under a standing request (the DM lost power).
    /// </summary>
    public sealed class DmModel : Model
    {
        private long _grantMs = 20;
        private long _releaseMs = 11;
        private long _settleMs = 100;
        private long _fellAt = long.MinValue / 2;
        private bool _grant = true;
        private bool _release = true;
        private bool _lastRequest;
        private long _changedAt;

        /// <summary>Initializes a new instance of the <see cref="DmModel"/> class.</summary>
        /// <param name="world">The world.</param>
        public DmModel(IWorld world)
            : base(world)
        {
        }

        /// <inheritdoc/>
        public override void Set(string key, string value)
        {
            switch (key)
            {
                case "GrantMs": _grantMs = Ms(value); break;
                case "ReleaseMs": _releaseMs = Ms(value); break;
                case "SettleMs": _settleMs = Ms(value); break;
                case "Grant": _grant = Flag(value); break;
                case "Release": _release = Flag(value); break;
                default: throw Unknown(key);
            }
        }

        /// <inheritdoc/>
        public override void Command(string verb)
        {
            if (verb != "lose")
            {
                base.Command(verb);
                return;
            }

            // The DM lost its power: the grant drops under a standing request and comes back once it runs again.
            World.SetInput("StorageGranted", false);
            _changedAt = World.Now;
            _fellAt = World.Now;
        }

        /// <inheritdoc/>
        public override void Tick()
        {
            bool request = World.Output("StorageRequest");
            if (request != _lastRequest)
            {
                _lastRequest = request;
                _changedAt = World.Now;
            }

            bool granted = World.Input("StorageGranted");
            long since = World.Now - _changedAt;
            if (request && !granted && _grant && since >= _grantMs && World.Now - _fellAt >= _settleMs)
            {
                World.SetInput("StorageGranted", true);
            }
            else if (!request && granted && _release && since >= _releaseMs)
            {
                World.SetInput("StorageGranted", false);
                _fellAt = World.Now;
            }
        }
    }
}
