using ColdStandby.Protocol;

namespace ColdStandby.Dm.Tests;

/// <summary>
/// Runs a scenario table: one row per DM step, read left to right as "at this time, with these
/// requests (and this command), the access lines are these, the command got this reply, and the
/// log gained exactly these records".
/// </summary>
/// <remarks>
/// Row: <c>ms A B access [command [-> reply]] | log</c>. A and B are <c>R</c> (requesting) or
/// <c>.</c>; access is <c>-</c>, <c>A</c> or <c>B</c> (each grant feedback line must equal its access
/// line at every step). Commands: <c>fence A 3</c> (a Fence frame over the management link),
/// <c>reset</c> (the board resets before the step). Replies: <c>Accepted</c>, <c>Refused Reason</c>.
/// The log column lists the records written during the step, <c>Code Side Argument</c> separated by
/// <c>;</c>, side <c>-</c> for none. The first line of a table is its header and is skipped. The tool
/// says hello before the first step and after every reset; that exchange is not listed.
/// </remarks>
public static class Scenario
{
    public static Board Run(DiskManagerConfig config, params string[] table) => Run(new Board(config), table);

    public static Board Run(Board board, params string[] table)
    {
        board.Management.Hello();
        for (int row = 1; row < table.Length; row++)
        {
            string line = table[row];
            try
            {
                RunRow(board, line);
            }
            catch (Exception e) when (e is not ScenarioException)
            {
                throw new ScenarioException($"row {row}: '{line.Trim()}': {e.Message}", e);
            }
        }

        return board;
    }

    private static void RunRow(Board board, string line)
    {
        string[] halves = line.Split('|');
        if (halves.Length != 2)
        {
            throw new FormatException("a row needs exactly one '|' before the log column");
        }

        string[] sides = halves[0].Split("->");
        string[] tokens = sides[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long ms = long.Parse(tokens[0]);
        bool a = Flag(tokens[1]);
        bool b = Flag(tokens[2]);
        string expectedAccess = tokens[3];
        string[] command = tokens.Skip(4).ToArray();
        string expectedReply = sides.Length > 1 ? sides[1].Trim() : "";
        string[] expectedLog = halves[1].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        if (command.Length > 0 && command[0] == "reset")
        {
            board.Reset();
            board.Management.Hello();
        }
        else if (command.Length > 0 && command[0] == "fence")
        {
            board.Management.Fence(Enum.Parse<Side>(command[1]), uint.Parse(command[2]));
        }
        else if (command.Length > 0)
        {
            throw new FormatException($"unknown command '{command[0]}'");
        }

        uint logBefore = board.Dm.Log.NextSequence;
        board.Request(a, b);
        board.Step(ms);

        string reply = string.Join(", ", board.Management.ShortReplies().Where(r => r != nameof(MessageType.Hello)));
        List<string> log = board.LogFrom(logBefore);
        string actual = $"access {board.Access}, reply '{reply}', log '{string.Join("; ", log)}'";
        string expected = $"access {expectedAccess}, reply '{expectedReply}', log '{string.Join("; ", expectedLog)}'";
        if (actual != expected)
        {
            throw new ScenarioException($"at {ms} ms: expected {expected}\n{new string(' ', 12 + ms.ToString().Length)}but got  {actual}\n  row: {line.Trim()}");
        }

        if (board.GrantA.Value != board.AccessA.Value || board.GrantB.Value != board.AccessB.Value)
        {
            throw new ScenarioException($"at {ms} ms: a grant feedback line differs from its access line\n  row: {line.Trim()}");
        }
    }

    private static bool Flag(string token) => token switch
    {
        "R" => true,
        "." => false,
        _ => throw new FormatException($"request column must be R or ., not '{token}'"),
    };
}

public sealed class ScenarioException : Exception
{
    public ScenarioException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
