using System.Text.RegularExpressions;
using ColdStandby.Schematics;

namespace ColdStandby.Schematics.Tests;

/// <summary>cabling.kicad_sch joins the right pins of the right boxes.</summary>
public class CablingTests
{
    private readonly KicadSchematic _sheet = KicadSchematic.Load(Path.Combine(Repository.SchematicsFolder, "cabling.kicad_sch"));
    private readonly List<Net> _nets;

    public CablingTests() => _nets = _sheet.Nets();

    /// <summary>The net on a box connector's own pin; the generic symbol's value lists the box's pins in order: "SMU A J6 STORAGE (1 2 3 4)".</summary>
    private Net NetOn(string connector, string pin)
    {
        var symbol = _sheet.Symbols.Single(s => s.Value.StartsWith(connector + " ", StringComparison.Ordinal));
        var order = Regex.Match(symbol.Value, @"\(([^)]*)\)$").Groups[1].Value.Split(' ');
        int index = Array.IndexOf(order, pin);
        Assert.True(index >= 0, $"{symbol.Value} has no pin {pin}");
        string generic = (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return _nets.Single(n => n.Pins.Any(p => p.Symbol == symbol && p.Number == generic));
    }

    private void Joined(string a, string pinA, string b, string pinB) =>
        Assert.True(ReferenceEquals(NetOn(a, pinA), NetOn(b, pinB)), $"{a}.{pinA} and {b}.{pinB} are not joined");

    [Theory]
    [InlineData("SMU A", "DM J4")]
    [InlineData("SMU B", "DM J5")]
    public void Each_smus_storage_connector_goes_pin_for_pin_to_its_sides_dm_connector(string smu, string dm)
    {
        foreach (var pin in new[] { "1", "2", "3", "4" }) Joined(smu + " J6", pin, dm, pin);
    }

    [Fact]
    public void The_peer_cable_crosses_transmit_and_receive()
    {
        Joined("SMU A J2", "3", "SMU B J2", "2");
        Joined("SMU A J2", "2", "SMU B J2", "3");
        Joined("SMU A J2", "5", "SMU B J2", "5");
    }

    [Fact]
    public void The_controller_cable_crosses_transmit_and_receive()
    {
        Joined("DM J3", "3", "Disk controller COM", "2");
        Joined("DM J3", "2", "Disk controller COM", "3");
    }

    [Theory]
    [InlineData("A")]
    [InlineData("B")]
    public void Each_smu_reaches_its_own_server_and_each_dm_access_contact_its_own_enclosures(string side)
    {
        Joined($"SMU {side} J4", "1", $"Server {side} PWRSW", "+");
        Joined($"SMU {side} J5", "1", $"Server {side} PWRLED", "+");
        Joined(side == "A" ? "DM J6" : "DM J7", "1", $"Enclosures {side} ACC", "+");
    }
}
