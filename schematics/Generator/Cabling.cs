using System.Globalization;

namespace ColdStandby.Schematics.Generator;

/// <summary>One end of a cable: a box's connector.</summary>
internal sealed record CableEnd(string Box, string Connector, string Title, string[] Pins);

/// <summary>
/// A cable between two boxes; conductor i joins <see cref="From"/>'s pin From.Pins[i] to <see cref="To"/>'s
/// pin To.Pins[i] and is called Conductors[i].
/// </summary>
internal sealed record Cable(string Name, string Kind, CableEnd From, CableEnd To, string[] Conductors);

/// <summary>Every cable between the boxes: SMUs, DM, servers, enclosures, management PC, disk controller.</summary>
internal static class Cabling
{
    public static IReadOnlyList<Cable> Cables()
    {
        var cables = new List<Cable>
        {
            new("W1", "DE-9 female-female null-modem cable (2-3 crossed)",
                new CableEnd("SMU A", "J2", "PEER", ["2", "3", "5"]),
                new CableEnd("SMU B", "J2", "PEER", ["3", "2", "5"]),
                ["PEER_B_TX_A_RX", "PEER_A_TX_B_RX", "PEER_GND"]),
        };
        foreach (var side in new[] { "A", "B" })
        {
            string smu = "SMU " + side, server = "Server " + side;
            int n = side == "A" ? 0 : 10;
            cables.Add(new($"W{2 + n}", "4-wire, pin for pin: pair 1-2 request loop (SMU latch), 3-4 grant loop (DM latch)",
                new CableEnd(smu, "J6", "STORAGE", ["1", "2", "3", "4"]),
                new CableEnd("DM", side == "A" ? "J4" : "J5", "SIDE_" + side, ["1", "2", "3", "4"]),
                [side + "_REQ+", side + "_REQ-", side + "_GNT+", side + "_GNT-"]));
            cables.Add(new($"W{3 + n}", "2-wire to the motherboard's front-panel PWR_SW pins (in parallel with the case button)",
                new CableEnd(smu, "J4", "PWR_SW", ["1", "2"]),
                new CableEnd(server, "PWRSW", "PWR_SW", ["+", "-"]),
                [side + "_PWRSW+", side + "_PWRSW-"]));
            cables.Add(new($"W{4 + n}", "2-wire to the motherboard's front-panel PWR_LED pins",
                new CableEnd(smu, "J5", "PWR_LED", ["1", "2"]),
                new CableEnd(server, "PWRLED", "PWR_LED", ["+", "-"]),
                [side + "_PWRLED+", side + "_PWRLED-"]));
            cables.Add(new($"W{5 + n}", "USB A-B cable",
                new CableEnd(smu, "J3", "HOST", ["USB"]),
                new CableEnd(server, "USB", "USB", ["USB"]),
                [side + "_HOST_USB"]));
            cables.Add(new($"W{6 + n}", "2-wire from the 5 V standby supply (server 5VSB or a plug-in adapter)",
                new CableEnd(smu, "J10", "5V_IN", ["1", "2"]),
                new CableEnd(server, "5VSB", "5VSB", ["+5V", "GND"]),
                [side + "_5VSB", side + "_5VSB_GND"]));
            cables.Add(new($"W{7 + n}", "2-wire to the alarm panel's input for this side (NC contact: closed on alarm)",
                new CableEnd(smu, "J7", "ALARM", ["1", "2"]),
                new CableEnd("Alarm panel " + side, "IN", "input", ["COM", "IN"]),
                [side + "_ALARM_COM", side + "_ALARM_NC"]));
            cables.Add(new($"W{8 + n}", "2-wire to the enclosures' access-right input (closed = access)",
                new CableEnd("DM", side == "A" ? "J6" : "J7", "ACCESS_" + side, ["1", "2"]),
                new CableEnd("Enclosures " + side, "ACC", "access input", ["+", "-"]),
                [side + "_ACCESS+", side + "_ACCESS-"]));
        }

        cables.Add(new("W21", "USB A-B cable",
            new CableEnd("DM", "J2", "MGMT", ["USB"]),
            new CableEnd("Management PC", "USB", "USB", ["USB"]),
            ["MGMT_USB"]));
        cables.Add(new("W22", "DE-9 null-modem cable (2-3 crossed)",
            new CableEnd("DM", "J3", "CONTROLLER", ["2", "3", "5"]),
            new CableEnd("Disk controller", "COM", "RS-232", ["3", "2", "5"]),
            ["CTRL_TX_DM_RX", "DM_TX_CTRL_RX", "CTRL_GND"]));
        cables.Add(new("W23", "2-wire from the cabinet's 5 V supply",
            new CableEnd("DM", "J8", "5V_IN", ["1", "2"]),
            new CableEnd("Cabinet supply", "5V", "5 V", ["+5V", "GND"]),
            ["CAB_5V", "CAB_GND"]));
        return cables;
    }

    /// <summary>
    /// The cabling as a schematic: each box's connectors as connector symbols (value "BOX Jn TITLE"), and
    /// each conductor as a net label of the same name at both ends.
    /// </summary>
    public static Sheet Draw(KicadLibrary library)
    {
        var sheet = new Sheet(library, "cabling", "ColdStandby cabling between the boxes", "A3") { DocumentationOnly = true };
        sheet.Text(15.24, 15.24, "Cabling between the boxes. Every conductor is a net label of the same name at both ends; cable numbers W1... as in wiring.svg.", 2.0);
        var columns = new Dictionary<string, double>
        {
            ["Server A"] = 45.72, ["Alarm panel A"] = 45.72, ["Alarm panel B"] = 381, ["SMU A"] = 101.6, ["DM"] = 203.2, ["Enclosures A"] = 274.32, ["Management PC"] = 274.32,
            ["Disk controller"] = 274.32, ["Cabinet supply"] = 274.32, ["Enclosures B"] = 274.32, ["SMU B"] = 335.28, ["Server B"] = 381,
        };
        var rows = new Dictionary<string, double>();
        int reference = 1;
        var placed = new HashSet<string>();
        var pinsByEnd = new Dictionary<string, List<(string Pin, string Net)>>();
        var titles = new Dictionary<string, string>();
        var order = new List<string>();
        foreach (var cable in Cables())
        {
            foreach (var (end, other) in new[] { (cable.From, cable.To), (cable.To, cable.From) })
            {
                string key = end.Box + " " + end.Connector;
                if (!pinsByEnd.TryGetValue(key, out var pins))
                {
                    pinsByEnd[key] = pins = [];
                    titles[key] = $"{end.Box} {end.Connector} {end.Title}";
                    order.Add(key);
                }

                for (int i = 0; i < end.Pins.Length; i++) pins.Add((end.Pins[i], cable.Conductors[i]));
            }
        }

        foreach (var key in order)
        {
            var box = columns.Keys.First(b => key.StartsWith(b + " ", StringComparison.Ordinal));
            double x = columns[box];
            double y = rows.TryGetValue(box, out var next) ? next : box switch
            {
                "Alarm panel A" => 190.5, "Alarm panel B" => 190.5, "Enclosures A" => 35.56, "Management PC" => 205.74, "Disk controller" => 233.68, "Cabinet supply" => 264.16,
                "Enclosures B" => 60.96, _ => 35.56,
            };
            var pins = pinsByEnd[key];
            // Generic connector pins are numbered 1..n; the real pin names go in the value and the labels.
            var numbered = pins.Select((p, i) => ((i + 1).ToString(CultureInfo.InvariantCulture), p.Net)).ToArray();
            string title = titles[key] + " (" + string.Join(" ", pins.Select(p => p.Pin)) + ")";
            sheet.Part("P" + reference++, $"Connector_Generic:Conn_01x{pins.Count:00}", title, x, y, 0, numbered);
            rows[box] = y + 10.16 + 2.54 * pins.Count;
        }

        sheet.Text(15.24, 285, "Generic connector pin k is the k-th pin listed in brackets in its value (the box's own pin name).", 1.5);
        return sheet;
    }
}
