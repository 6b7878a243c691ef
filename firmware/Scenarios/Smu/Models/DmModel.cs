namespace ColdStandby.Scenarios.Smu.Models
{
    /// <summary>
    /// The disk manager as this SMU sees it: StorageGranted follows StorageRequest, rising
    /// <c>GrantMs</c> after the request (when <c>Grant=true</c>, i.e. the other side holds nothing) and
    /// falling only after the request has been absent for <c>HoldOffMs</c> (when <c>Release=true</c>).
    /// </summary>
    public sealed class DmModel : Model
    {
        private long _grantMs = 20;
        private long _holdOffMs = 3000;
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
                case "HoldOffMs": _holdOffMs = Ms(value); break;
                case "Grant": _grant = Flag(value); break;
                case "Release": _release = Flag(value); break;
                default: throw Unknown(key);
            }
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
            if (request && !granted && _grant && since >= _grantMs)
            {
                World.SetInput("StorageGranted", true);
            }
            else if (!request && granted && _release && since >= _holdOffMs)
            {
                World.SetInput("StorageGranted", false);
            }
        }
    }
}
