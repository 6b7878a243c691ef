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
    [InlineData("""{ "smu": { "device": "/dev/x", "helloRetryMs": 2000, "helloBackoffMaxMs": 1000 } }""", "smu.helloBackoffMaxMs: 1000 is shorter than helloRetryMs 2000 (the back-off starts there)")]
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

    [Theory]
    [InlineData("""{ "smu": { "device": "/dev/null", "baud": 12345 } }""", "smu.baud: 12345 is not a serial speed (115200, 57600, 230400, …)")]
    public void A_serial_speed_termios_does_not_have_is_refused(string text, string expected)
    {
        var (_, errors) = AgentConfig.Parse(text, "agent.json");

        Assert.Contains(expected, errors);
    }

    [Fact]
    public void The_machine_check_names_each_missing_device_interface_program_and_bad_timing()
    {
        using var dir = new TempDir();
        string notADevice = dir.File("plain-file");
        File.WriteAllText(notADevice, "");
        var (config, errors) = AgentConfig.Parse($$"""
            {
              "smu": { "device": "{{dir.File("no-such-tty")}}", "kickPeriodMs": 1000, "reopenMs": 1500 },
              "dm": { "device": "{{notADevice}}" },
              "lan": { "interface": "nosuchnic0", "peer": "192.0.2.1" },
              "network": { "interface": "nosuchnic1" },
              "services": [ { "name": "app", "command": ["no-such-program-here"] } ],
              "shutdown": { "command": ["/no/such/poweroff"] }
            }
            """, "agent.json");
        Assert.Empty(errors);

        var problems = MachineCheck.Check(config!);

        Assert.Contains($"smu.device: '{dir.File("no-such-tty")}' does not exist (is the board plugged in? ls -l /dev/serial/by-id/)", problems);
        Assert.Contains($"dm.device: '{notADevice}' is not a serial device (not a character device)", problems);
        Assert.Contains("lan.interface: there is no network interface 'nosuchnic0' on this machine (ip link shows the names)", problems);
        Assert.Contains("network.interface: there is no network interface 'nosuchnic1' on this machine (ip link shows the names)", problems);
        Assert.Contains("services[0].command: cannot find the program 'no-such-program-here' (not on PATH)", problems);
        Assert.Contains("shutdown.command: cannot find the program '/no/such/poweroff' (no such executable file)", problems);
        Assert.Contains(problems, p => p.StartsWith("smu.kickPeriodMs: 1000 leaves fewer than three kicks per SMU watchdog timeout (2000 ms", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("smu.reopenMs: 1500 plus a kick period", StringComparison.Ordinal));
        Assert.Equal(8, problems.Count);
    }

    [Fact]
    public void The_machine_check_passes_a_real_tty_and_the_loopback_interface()
    {
        using var pty = new TestRig.Pty();
        var (config, errors) = AgentConfig.Parse($$"""
            {
              "smu": { "device": "{{pty.SlavePath}}" },
              "lan": { "interface": "lo", "peer": "127.0.0.1" },
              "services": [ { "name": "app", "command": ["sleep", "1"] } ],
              "shutdown": { "command": ["true"] }
            }
            """, "agent.json");
        Assert.Empty(errors);

        Assert.Empty(MachineCheck.Check(config!));
    }

    [Fact]
    public void Not_JSON_at_all_says_so()
    {
        var (config, errors) = AgentConfig.Parse("smu.device = /dev/x", "agent.json");

        Assert.Null(config);
        Assert.StartsWith("agent.json: not valid JSON", Assert.Single(errors));
    }
}
