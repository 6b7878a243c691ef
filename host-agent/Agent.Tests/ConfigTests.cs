using ColdStandby.HostAgent.Config;
using ColdStandby.HostAgent.Tests.Support;

namespace ColdStandby.HostAgent.Tests;

/// <summary>The configuration file: every key checked, every problem named, nothing half-configured.</summary>
public sealed class ConfigTests
{
    [Fact]
    public void The_shipped_example_is_valid_on_a_server_that_has_its_folders_and_group()
    {
        using var dir = new TempDir();
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "packaging", "agent.example.json"))
            .Replace("/srv/shared/", dir.Path + "/")
            .Replace("\"group\": \"coldstandby\"", "\"group\": \"root\"");

        var (config, errors) = AgentConfig.Parse(text, "agent.example.json");

        Assert.Empty(errors);
        Assert.Equal(2, config!.Services.Count);
        Assert.Equal("postgresql.service", config.Services[0].Unit);
        Assert.Null(config.Network!.BusinessMac);
        Assert.Equal(250, config.Smu.Session.KickPeriodMs);
    }

    [Theory]
    [InlineData("""{ }""", "smu: missing (a section is required)")]
    [InlineData("""{ "smu": { } }""", "smu.device: missing")]
    [InlineData("""{ "smu": { "device": "/dev/x", "kickPeriodMs": "fast" } }""", "smu.kickPeriodMs: must be a whole number, not a string \"fast\"")]
    [InlineData("""{ "smu": { "device": "/dev/x", "kickPeriodMs": 20, "stepMs": 10 } }""", "smu.stepMs: 10 is too coarse for kickPeriodMs 20 (at most a quarter of it)")]
    [InlineData("""{ "smu": { "device": "/dev/x" }, "network": { "interface": "eth0", "businessMac": "01:00:5e:00:00:01" } }""", "network.businessMac: 01:00:5e:00:00:01 is a zero or multicast address, which no NIC can take")]
    [InlineData("""{ "smu": { "device": "/dev/x" }, "network": { "interface": "eth0", "businessMac": "zz" } }""", "network.businessMac: 'zz' is not a MAC address (like 02:00:5e:10:00:01)")]
    [InlineData("""{ "smu": { "device": "/dev/x" }, "lan": { "interface": "eth0", "peer": "2001:db8::1", "method": "arp" } }""", "lan.peer: an ARP probe needs an IPv4 peer (use method icmp for IPv6)")]
    [InlineData("""{ "smu": { "device": "/dev/x" }, "services": [ { "name": "a", "command": [] } ] }""", "services[0].command: must be a non-empty array of non-empty strings (the program, then its arguments)")]
    [InlineData("""{ "smu": { "device": "/dev/x" }, "services": [ { "name": "a", "unit": "a" }, { "name": "a", "unit": "b" } ] }""", "services[1].name: 'a' is used by another service")]
    [InlineData("""{ "smu": { "device": "/dev/x" }, "control": { "socket": "agent.sock" } }""", "control.socket: 'agent.sock' must be an absolute path")]
    [InlineData("""{ "smu": { "device": "/dev/x" }, "raid": { "probeFile": "/no/such/folder/probe" } }""", "raid.probeFile: the folder of '/no/such/folder/probe' does not exist")]
    [InlineData("""{ "smu": { "device": "/dev/x", } ,}""", null)]
    public void A_bad_value_names_its_key_and_the_problem(string text, string? expected)
    {
        var (config, errors) = AgentConfig.Parse(text, "agent.json");

        if (expected is null)
        {
            Assert.Empty(errors);
            Assert.NotNull(config);
        }
        else
        {
            Assert.Null(config);
            Assert.Contains(expected, errors);
        }
    }

    [Fact]
    public void Not_JSON_at_all_says_so()
    {
        var (config, errors) = AgentConfig.Parse("smu.device = /dev/x", "agent.json");

        Assert.Null(config);
        Assert.StartsWith("agent.json: not valid JSON", Assert.Single(errors));
    }
}
