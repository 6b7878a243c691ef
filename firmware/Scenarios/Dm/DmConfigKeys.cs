using System;
using ColdStandby.Dm;
using ColdStandby.Scenarios.Values;

namespace ColdStandby.Scenarios.Dm
{
    /// <summary>
    /// The <see cref="DiskManagerConfig"/> keys a DM scenario's <c>config</c> line may set.
    /// <c>DmConfigKeysTests</c> fails when the config gains a key this does not know.
    /// </summary>
    public static class DmConfigKeys
    {
        /// <summary>Sets one key.</summary>
        /// <param name="config">The configuration.</param>
        /// <param name="key">The key, as the property is named.</param>
        /// <param name="value">The value, as written.</param>
        /// <exception cref="FormatException">No such key, or a bad value.</exception>
        public static void Set(DiskManagerConfig config, string key, string value)
        {
            switch (key)
            {
                case "SettleMilliseconds": config.SettleMilliseconds = (int)Numbers.Time(value); break;
                case "ReleaseHoldOffMilliseconds": config.ReleaseHoldOffMilliseconds = (int)Numbers.Time(value); break;
                case "FenceEnabled": config.FenceEnabled = Kinds.Bool.Parse(value) != 0; break;
                case "LogCapacity": config.LogCapacity = (int)Kinds.I32.Parse(value); break;
                case "Simultaneous": config.Simultaneous = (SimultaneousRule)(byte)Kinds.SimultaneousRule.Parse(value); break;
                case "LogRecordsPerStep": config.LogRecordsPerStep = (int)Kinds.I32.Parse(value); break;
                case "DiskErrorRepeatWindowMilliseconds": config.DiskErrorRepeatWindowMilliseconds = (int)Numbers.Time(value); break;
                default: throw new FormatException("no config key '" + key + "'");
            }
        }
    }
}
