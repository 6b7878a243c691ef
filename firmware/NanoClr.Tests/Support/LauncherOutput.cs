namespace ColdStandby.NanoClr.Tests.Support;

/// <summary>One test as nanoFramework's UnitTestLauncher reported it, with the reports it printed.</summary>
public sealed record DeviceTest(string Method, string Verdict, string Detail, IReadOnlyList<string> Keys);

/// <summary>
/// What the on-device tests printed: the launcher's <c>Test passed,METHOD,TICKS</c> /
/// <c>Test failed,METHOD,MESSAGE</c> / <c>Test skipped,…</c> lines, and each test's report lines
/// <c>report KEY|LINE</c> printed before its verdict.
/// </summary>
public sealed class LauncherOutput
{
    private readonly Dictionary<string, List<string>> _reports = new();

    public LauncherOutput(IEnumerable<string> lines)
    {
        var keys = new List<string>();
        foreach (string line in lines)
        {
            if (line.StartsWith("report ", StringComparison.Ordinal) && line.IndexOf('|') > 0)
            {
                int bar = line.IndexOf('|');
                string key = line[7..bar];
                if (!_reports.TryGetValue(key, out var report))
                {
                    _reports[key] = report = new List<string>();
                    keys.Add(key);
                }

                report.Add(line[(bar + 1)..]);
            }
            else if (line.StartsWith("Test ", StringComparison.Ordinal) && line.Contains(','))
            {
                string[] parts = line.Split(',', 3);
                string verdict = parts[0]["Test ".Length..];
                Tests.Add(new DeviceTest(parts[1], verdict, parts.Length > 2 ? parts[2] : "", keys.ToArray()));
                keys.Clear();
            }
            else
            {
                Unexpected.Add(line);
            }
        }
    }

    public List<DeviceTest> Tests { get; } = new();

    /// <summary>Gets lines that are neither a report nor a verdict (an exception's text, a stray print).</summary>
    public List<string> Unexpected { get; } = new();

    /// <summary>The report printed under <paramref name="key"/>, or null.</summary>
    public IReadOnlyList<string>? Report(string key) => _reports.TryGetValue(key, out var report) ? report : null;

    /// <summary>The test that printed <paramref name="key"/>, or null.</summary>
    public DeviceTest? TestOf(string key) => Tests.FirstOrDefault(t => t.Keys.Contains(key));
}
