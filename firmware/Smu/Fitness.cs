using ColdStandby.Protocol;

namespace ColdStandby.Smu
{
    /// <summary>Whether this side can take over: Standby and settled, its server off, no grant of its own.</summary>
    internal static class Fitness
    {
        /// <summary>Returns why this side cannot take over, or <see cref="UnfitReason.None"/>.</summary>
        internal static UnfitReason Check(ServerManagementUnit smu)
        {
            if (smu.State.Mode != Mode.Standby)
            {
                return UnfitReason.NotStandby;
            }

            if (!smu.Settled)
            {
                return UnfitReason.Busy;
            }

            return CheckServer(smu);
        }

        /// <summary>Returns why this side's server and storage rule out a takeover, or <see cref="UnfitReason.None"/>.</summary>
        internal static UnfitReason CheckServer(ServerManagementUnit smu)
        {
            if (smu.ServerOn)
            {
                return UnfitReason.ServerPowered;
            }

            if (smu.Granted)
            {
                return UnfitReason.StorageHeld;
            }

            return UnfitReason.None;
        }
    }
}
