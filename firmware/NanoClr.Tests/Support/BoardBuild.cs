using System.Text.RegularExpressions;

namespace ColdStandby.NanoClr.Tests.Support;

/// <summary>
/// The board programs built once per test session exactly as firmware/Boards/README.md says
/// (its <c>dotnet build …</c> lines, run as written), and the images its <c>nanoff … --image</c>
/// lines deploy.
/// </summary>
public sealed partial class BoardBuild
{
    public const string Readme = "firmware/Boards/README.md";

    private static readonly Lazy<BoardBuild> Shared = new(() => new BoardBuild(), LazyThreadSafetyMode.ExecutionAndPublication);

    private BoardBuild()
    {
        string readme = File.ReadAllText(Repository.File(Readme));
        BuildCommands = BuildLine().Matches(readme).Select(m => m.Value.Trim()).Distinct().ToList();
        Images = ImageLine().Matches(readme).Select(m => m.Groups[1].Value).Distinct().ToList();
        foreach (string command in BuildCommands)
        {
            BuildTime += ChildBuild.RunCommandLine(command);
        }
    }

    public static BoardBuild Get => Shared.Value;

    /// <summary>Gets the README's build commands, as written.</summary>
    public List<string> BuildCommands { get; }

    /// <summary>Gets the images the README's Linux nanoff lines deploy (paths from the repository root).</summary>
    public List<string> Images { get; }

    public TimeSpan BuildTime { get; }

    /// <summary>The image the README deploys for a board program (<c>ColdStandby.Smu.Board</c>).</summary>
    public string ImageOf(string program) =>
        Images.SingleOrDefault(i => Path.GetFileNameWithoutExtension(i) == program)
        ?? throw new InvalidOperationException($"{Readme} has no nanoff line deploying {program}.bin (has: {string.Join(", ", Images)})");

    [GeneratedRegex(@"^[ \t]*dotnet build firmware/Boards/\S+\.csproj -c Release\s*$", RegexOptions.Multiline)]
    private static partial Regex BuildLine();

    [GeneratedRegex(@"^[ \t]*nanoff .*--serialport /dev/\S+ .*--image (firmware/Boards/\S+\.bin)\s*$", RegexOptions.Multiline)]
    private static partial Regex ImageLine();
}
