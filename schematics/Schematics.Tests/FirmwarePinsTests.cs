using System.Text.RegularExpressions;

namespace ColdStandby.Schematics.Tests;

/// <summary>The board bindings' pin constants (firmware/Boards/*/...Pins.cs) say what the pin map says.</summary>
public class FirmwarePinsTests
{
    private readonly ColdStandby.Schematics.PinMap _map = Repository.PinMap();

    private static Dictionary<string, string> Constants(string board)
    {
        var text = File.ReadAllText(Repository.PinsFile(board));
        return Regex.Matches(text, @"const\s+(?:int|bool|string)\s+(\w+)\s*=\s*(""[^""]*""|\w+)\s*;")
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim('"'));
    }

    [Theory]
    [MemberData(nameof(WiringContract.Boards), MemberType = typeof(WiringContract))]
    public void Every_pin_map_signal_has_its_gpio_active_level_and_port_in_the_firmware(string board)
    {
        var constants = Constants(board);
        var problems = new List<string>();
        foreach (var row in _map.Board(board).Where(r => r.Uart != "COM1"))
        {
            if (!constants.TryGetValue(row.Signal, out var gpio)) problems.Add($"{row.Signal}: no constant");
            else if (gpio != row.Gpio.ToString(System.Globalization.CultureInfo.InvariantCulture)) problems.Add($"{row.Signal} = {gpio}, the pin map says {row.Gpio}");
            if (row.IsUart)
            {
                string port = row.Signal[..^2] + "Port";
                if (constants.GetValueOrDefault(port) != row.Uart) problems.Add($"{port} = {constants.GetValueOrDefault(port)}, the pin map says {row.Uart}");
            }
            else
            {
                string activeLow = row.Signal + "ActiveLow";
                string want = row.Active == "low" ? "true" : "false";
                if (constants.GetValueOrDefault(activeLow) != want) problems.Add($"{activeLow} = {constants.GetValueOrDefault(activeLow)}, the pin map says active {row.Active}");
            }
        }

        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(WiringContract.Boards), MemberType = typeof(WiringContract))]
    public void The_firmware_has_no_pin_the_pin_map_does_not_and_leaves_uart0_alone(string board)
    {
        var signals = _map.Board(board).Where(r => r.Uart != "COM1").Select(r => r.Signal).ToHashSet();
        var extra = Constants(board).Keys.Where(k => !k.EndsWith("ActiveLow", StringComparison.Ordinal) && !k.EndsWith("Port", StringComparison.Ordinal) && !signals.Contains(k));
        Assert.Empty(extra);
        Assert.DoesNotContain("COM1", Constants(board).Values);
    }
}
