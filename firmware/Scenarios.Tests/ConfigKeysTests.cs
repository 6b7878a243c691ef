using System.Reflection;
using ColdStandby.Dm;
using ColdStandby.Scenarios.Dm;
using ColdStandby.Scenarios.Smu;
using ColdStandby.Smu;

namespace ColdStandby.Scenarios.Tests;

/// <summary>
/// The scenario runner sets configuration keys by name through a written switch (nanoFramework has
/// no property reflection); every settable key of SmuConfig and DiskManagerConfig must be in it.
/// </summary>
public class ConfigKeysTests
{
    [Fact]
    public void Every_SmuConfig_key_can_be_set_from_a_scenario()
    {
        foreach (var p in Settable(typeof(SmuConfig)).Where(p => p.Name != nameof(SmuConfig.BootStages)))
        {
            var config = new SmuConfig();
            string value = p.PropertyType == typeof(ColdStandby.Protocol.Side) ? "B" : p.PropertyType == typeof(bool) ? (!(bool)p.GetValue(config)!).ToString().ToLowerInvariant() : "7";
            SmuConfigKeys.Set(config, p.Name, value);
            object expected = p.PropertyType == typeof(ColdStandby.Protocol.Side) ? ColdStandby.Protocol.Side.B
                : p.PropertyType == typeof(bool) ? bool.Parse(value) : Convert.ChangeType(7, p.PropertyType);
            Assert.True(Equals(expected, p.GetValue(config)), $"SmuConfigKeys.Set does not set {p.Name}: add it to firmware/Scenarios/Smu/SmuConfigKeys.cs");
        }
    }

    [Fact]
    public void Every_DiskManagerConfig_key_can_be_set_from_a_scenario()
    {
        foreach (var p in Settable(typeof(DiskManagerConfig)))
        {
            var config = new DiskManagerConfig();
            string value = p.PropertyType == typeof(SimultaneousRule) ? "PreferB" : p.PropertyType == typeof(bool) ? "true" : "7";
            DmConfigKeys.Set(config, p.Name, value);
            object expected = p.PropertyType == typeof(SimultaneousRule) ? SimultaneousRule.PreferB : p.PropertyType == typeof(bool) ? true : Convert.ChangeType(7, p.PropertyType);
            Assert.True(Equals(expected, p.GetValue(config)), $"DmConfigKeys.Set does not set {p.Name}: add it to firmware/Scenarios/Dm/DmConfigKeys.cs");
        }
    }

    [Fact]
    public void An_unknown_key_is_named()
    {
        var e = Assert.Throws<FormatException>(() => SmuConfigKeys.Set(new SmuConfig(), "WatchdogTimeout", "2s"));
        Assert.Equal("no config key 'WatchdogTimeout'", e.Message);
    }

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite);
}
