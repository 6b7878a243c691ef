using System.Text.Json;
using System.Text.Json.Nodes;

namespace ColdStandby.Bench.Traces;

/// <summary>
/// Writes a <see cref="TimingDiagram"/> as WaveDrom JSON (https://wavedrom.com): one wave character
/// per tick, frames and notes as <c>=</c> boxes with their labels in <c>data</c>, a first lane with
/// the real time of each tick, node letters and edges for the arrows. The npm <c>wavedrom</c> CLI
/// renders it (<c>wavedrom -i failover.json &gt; f.svg</c>); the bench draws its own SVG and needs
/// nothing but the .NET SDK.
/// </summary>
public static class WaveDromWriter
{
    private const string NodeLetters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>Builds the JSON document.</summary>
    public static JsonObject ToJson(TimingDiagram diagram)
    {
        int ticks = diagram.TicksNs.Count;
        var signal = new JsonArray();

        var time = new JsonObject
        {
            ["name"] = "time",
            ["wave"] = new string('=', ticks),
            ["data"] = new JsonArray(diagram.TicksNs.Select(t => (JsonNode)JsonValue.Create(TimingDiagram.TimeLabel(t))!).ToArray()),
        };
        signal.Add(time);

        // Node letters at every arrow end, one letter per distinct (lane, tick).
        var nodes = new Dictionary<(string, int), char>();
        var edges = new JsonArray();
        foreach (var arrow in diagram.Arrows)
        {
            char from = Node(nodes, arrow.FromLane, arrow.FromTick);
            char to = Node(nodes, arrow.ToLane, arrow.ToTick);
            edges.Add($"{from}~>{to} {arrow.Label}");
        }

        string group = "";
        JsonArray? current = null;
        foreach (var lane in diagram.Lanes)
        {
            if (lane.Group != group || current == null)
            {
                group = lane.Group;
                current = new JsonArray { group };
                signal.Add(current);
            }

            var wave = new char[ticks];
            var data = new JsonArray();
            for (int i = 0; i < ticks; i++)
            {
                if (lane.Kind == LaneKind.Bit)
                {
                    char level = lane.Levels[i] ? '1' : '0';
                    wave[i] = i > 0 && lane.Levels[i - 1] == lane.Levels[i] ? '.' : level;
                }
                else if (lane.Labels[i] is { } label)
                {
                    wave[i] = '=';
                    data.Add(label);
                }
                else
                {
                    // Idle: a UART line rests high; a notes lane has nothing to say (mid-level).
                    wave[i] = i > 0 && lane.Labels[i - 1] == null ? '.' : lane.Kind == LaneKind.Frames ? '1' : 'z';
                }
            }

            var node = new char[ticks];
            Array.Fill(node, '.');
            foreach (var ((name, tick), letter) in nodes)
            {
                if (name == lane.Id)
                {
                    node[tick] = letter;
                }
            }

            var entry = new JsonObject { ["name"] = lane.Name, ["wave"] = new string(wave) };
            if (data.Count > 0)
            {
                entry["data"] = data;
            }

            if (node.Any(c => c != '.'))
            {
                entry["node"] = new string(node);
            }

            current.Add(entry);
        }

        return new JsonObject
        {
            ["signal"] = signal,
            ["edge"] = edges,
            ["head"] = new JsonObject { ["text"] = diagram.Title },
            ["foot"] = new JsonObject { ["text"] = diagram.Subtitle },
            ["config"] = new JsonObject { ["hscale"] = 3 },
        };
    }

    /// <summary>Writes the JSON document to a file.</summary>
    public static void Write(string path, TimingDiagram diagram)
    {
        File.WriteAllText(path, ToJson(diagram).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static char Node(Dictionary<(string, int), char> nodes, string lane, int tick)
    {
        if (!nodes.TryGetValue((lane, tick), out char letter))
        {
            if (nodes.Count >= NodeLetters.Length)
            {
                throw new InvalidOperationException("more arrow ends than WaveDrom node letters");
            }

            letter = NodeLetters[nodes.Count];
            nodes[(lane, tick)] = letter;
        }

        return letter;
    }
}
