using System.Text.Json;

namespace ColdStandby.HostAgent.Cli;

/// <summary>
/// Where the CLI's answers go: text for a person, or with <c>--json</c> one JSON document on
/// standard output for a script (written with Utf8JsonWriter: no reflection, NativeAOT-safe).
/// Exit codes: 0 done, 1 the agent or the SMU said no or could not be reached, 64 a usage error,
/// 78 a bad configuration; <c>status</c> uses the monitoring convention (0 OK, 1 WARNING,
/// 2 CRITICAL, 3 UNKNOWN).
/// </summary>
internal static class Output
{
    public const int Refused = 1;
    public const int Usage = 64;

    /// <summary>Gets or sets whether the answer is JSON (the --json option).</summary>
    public static bool Json { get; set; }

    /// <summary>Prints a successful answer's lines (JSON: {"ok":true,"lines":[…]}).</summary>
    public static int Done(IEnumerable<string> lines)
    {
        if (Json)
        {
            Write(w =>
            {
                w.WriteBoolean("ok", true);
                w.WriteStartArray("lines");
                foreach (string line in lines)
                {
                    w.WriteStringValue(line);
                }

                w.WriteEndArray();
            });
        }
        else
        {
            foreach (string line in lines)
            {
                Console.WriteLine(line);
            }
        }

        return 0;
    }

    /// <summary>Says why it failed, on standard error (JSON: {"ok":false,"error":"…"} on standard output).</summary>
    public static int Fail(string error, int code = Refused)
    {
        if (Json)
        {
            Write(w =>
            {
                w.WriteBoolean("ok", false);
                w.WriteString("error", error);
            });
        }
        else
        {
            Console.Error.WriteLine($"coldstandby: {error}");
        }

        return code;
    }

    /// <summary>Writes one JSON object to standard output.</summary>
    public static void Write(Action<Utf8JsonWriter> body)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        stdout.Write("\n"u8);
    }
}
