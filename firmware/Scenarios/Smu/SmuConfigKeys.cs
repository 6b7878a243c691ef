using System;
using ColdStandby.Scenarios.Values;
using ColdStandby.Smu;

namespace ColdStandby.Scenarios.Smu
{
    /// <summary>
    /// The <see cref="SmuConfig"/> keys a scenario's <c>config</c> line may set, by name (times accept
    /// <c>10s</c>). <c>SmuConfigKeysTests</c> fails when SmuConfig gains a key this does not know.
    /// </summary>
    public static class SmuConfigKeys
    {
        /// <summary>Sets one key.</summary>
        /// <param name="config">The configuration.</param>
        /// <param name="key">The key, as the property is named.</param>
        /// <param name="value">The value, as written.</param>
        /// <exception cref="FormatException">No such key, or a bad value.</exception>
        public static void Set(SmuConfig config, string key, string value)
        {
            switch (key)
            {
                case "PreferredSide": config.PreferredSide = (ColdStandby.Protocol.Side)(byte)Kinds.Side.Parse(value); break;
                case "WatchdogTimeoutMs": config.WatchdogTimeoutMs = Numbers.Time(value); break;
                case "HeartbeatPeriodMs": config.HeartbeatPeriodMs = Numbers.Time(value); break;
                case "PeerSilentMs": config.PeerSilentMs = Numbers.Time(value); break;
                case "PeerFlapWindowMs": config.PeerFlapWindowMs = Numbers.Time(value); break;
                case "PowerLossDebounceMs": config.PowerLossDebounceMs = Numbers.Time(value); break;
                case "GracefulShutdownMs": config.GracefulShutdownMs = Numbers.Time(value); break;
                case "PowerButtonPressMs": config.PowerButtonPressMs = Numbers.Time(value); break;
                case "ForcedOffHoldMs": config.ForcedOffHoldMs = Numbers.Time(value); break;
                case "PowerOffConfirmMs": config.PowerOffConfirmMs = Numbers.Time(value); break;
                case "StorageReleaseConfirmMs": config.StorageReleaseConfirmMs = Numbers.Time(value); break;
                case "StorageGrantTimeoutMs": config.StorageGrantTimeoutMs = Numbers.Time(value); break;
                case "ProofRegrantMinMs": config.ProofRegrantMinMs = Numbers.Time(value); break;
                case "FitnessReplyTimeoutMs": config.FitnessReplyTimeoutMs = Numbers.Time(value); break;
                case "FitnessTries": config.FitnessTries = (int)Kinds.I32.Parse(value); break;
                case "SwitchAckTimeoutMs": config.SwitchAckTimeoutMs = Numbers.Time(value); break;
                case "SwitchTries": config.SwitchTries = (int)Kinds.I32.Parse(value); break;
                case "RelayTimeoutMs": config.RelayTimeoutMs = Numbers.Time(value); break;
                case "RepairButtonDebounceMs": config.RepairButtonDebounceMs = Numbers.Time(value); break;
                case "OnBatteryDebounceMs": config.OnBatteryDebounceMs = Numbers.Time(value); break;
                case "BatteryLowDebounceMs": config.BatteryLowDebounceMs = Numbers.Time(value); break;
                case "RestoreAfterSiteOutage": config.RestoreAfterSiteOutage = Kinds.Bool.Parse(value) != 0; break;
                case "NoServiceAlarmMs": config.NoServiceAlarmMs = Numbers.Time(value); break;
                case "MaxFailedBoots": config.MaxFailedBoots = (int)Kinds.I32.Parse(value); break;
                case "HealthyRunMs": config.HealthyRunMs = Numbers.Time(value); break;
                case "LinkBufferBytes": config.LinkBufferBytes = (int)Kinds.I32.Parse(value); break;
                case "LinkBytesPerStep": config.LinkBytesPerStep = (int)Kinds.I32.Parse(value); break;
                case "FirmwareMajor": config.FirmwareMajor = (byte)Kinds.U8.Parse(value); break;
                case "FirmwareMinor": config.FirmwareMinor = (byte)Kinds.U8.Parse(value); break;
                case "FirmwarePatch": config.FirmwarePatch = (byte)Kinds.U8.Parse(value); break;
                case "MaintenanceMaxSeconds": config.MaintenanceMaxSeconds = (int)Kinds.I32.Parse(value); break;
                default: throw new FormatException("no config key '" + key + "'");
            }
        }
    }
}
