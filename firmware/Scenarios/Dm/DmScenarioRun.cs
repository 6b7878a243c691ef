using System;
using System.Collections;
using ColdStandby.Dm;
using ColdStandby.Protocol;
using ColdStandby.Scenarios.Values;

namespace ColdStandby.Scenarios.Dm
{
    /// <summary>
    /// A DM scenario table (a file in firmware/DiskManager.Tests/Scenarios) run against the real
    /// <see cref="DiskManager"/>: one row per DM step, read left to right as "at this time, with these
    /// requests (and this command), the access lines are these, the command got this reply, and the
    /// log gained exactly these entries". Every row is run and judged; the report is what .NET and
    /// the on-device tests compare.
    /// </summary>
    /// <remarks>
    /// File: <c>title TEXT</c>, <c>config KEY=VALUE …</c> (<see cref="DiskManagerConfig"/>), then the
    /// table. Row: <c>ms A B access [command [-&gt; reply]] | log</c>. A and B are <c>R</c> (requesting)
    /// or <c>.</c>; access is <c>-</c>, <c>A</c> or <c>B</c> (each grant feedback line must equal its
    /// access line at every step). Commands: <c>fence A 3</c> (a Fence frame over the management link),
    /// <c>reset</c> (the board resets before the step). Replies: <c>Accepted</c>, <c>Refused Reason</c>.
    /// The log column lists the entries written during the step, <c>Code Side Argument</c> separated by
    /// <c>;</c>, side <c>-</c> for none. A row whose first word is <c>ms</c> is a header. The tool says
    /// hello before the first step and after every reset; that exchange is not listed.
    /// </remarks>
    public sealed class DmScenarioRun
    {
        private readonly ArrayList _rows = new ArrayList();
        private readonly ArrayList _results = new ArrayList();

        private DmScenarioRun(string name)
        {
            Name = name;
            Title = "";
        }

        /// <summary>Gets the file's name without .txt.</summary>
        public string Name { get; }

        /// <summary>Gets what the scenario shows.</summary>
        public string Title { get; private set; }

        /// <summary>Gets the rig after the last row.</summary>
        public DmRig Rig { get; private set; }

        /// <summary>Gets how many rows ran.</summary>
        public int RowCount
        {
            get { return _rows.Count; }
        }

        /// <summary>Gets the first failure (<c>row N: …</c>), or null when every row held.</summary>
        public string Failure
        {
            get
            {
                for (int i = 0; i < _results.Count; i++)
                {
                    if (_results[i] != null)
                    {
                        return (string)_results[i];
                    }
                }

                return null;
            }
        }

        /// <summary>Parses and runs a DM scenario file's text.</summary>
        /// <param name="name">The file's name without .txt.</param>
        /// <param name="text">The text.</param>
        /// <returns>The judged run.</returns>
        /// <exception cref="FormatException">A line that is not a directive or a row, or a bad config (the message names the line).</exception>
        public static DmScenarioRun Run(string name, string text)
        {
            DmScenarioRun run = new DmScenarioRun(name);
            DiskManagerConfig config = new DiskManagerConfig();
            string[] lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string[] words = Words.OfLine(lines[i]);
                if (words.Length == 0 || words[0] == "ms")
                {
                    continue;
                }

                try
                {
                    if (words[0] == "title")
                    {
                        run.Title = Words.Join(Words.From(words, 1));
                    }
                    else if (words[0] == "config")
                    {
                        Pair[] keys = Words.Pairs(words, 1);
                        for (int k = 0; k < keys.Length; k++)
                        {
                            DmConfigKeys.Set(config, keys[k].Key, keys[k].Value);
                        }
                    }
                    else if (lines[i].IndexOf('|') >= 0)
                    {
                        run._rows.Add(Words.Join(words));
                    }
                    else
                    {
                        throw new FormatException("not a directive (title, config) or a table row ('ms A B access | log')");
                    }
                }
                catch (FormatException e)
                {
                    throw new FormatException(name + ".txt:" + (i + 1) + ": " + e.Message + " in '" + lines[i].Trim() + "'");
                }
            }

            run.Rig = new DmRig(config);
            run.Rig.Hello();
            for (int r = 0; r < run._rows.Count; r++)
            {
                string row = (string)run._rows[r];
                string failure;
                try
                {
                    failure = RunRow(run.Rig, row);
                }
                catch (FormatException e)
                {
                    failure = e.Message;
                }

                run._results.Add(failure == null ? null : "row " + (r + 1) + ": '" + row + "': " + failure);
            }

            return run;
        }

        /// <summary>The report: one line per row, <c>row N ok</c> or <c>row N FAILED: …</c>.</summary>
        /// <returns>The lines.</returns>
        public string[] Report()
        {
            ArrayList lines = new ArrayList();
            lines.Add("# " + Name + ": " + Title);
            for (int i = 0; i < _rows.Count; i++)
            {
                string result = (string)_results[i];
                lines.Add(result == null ? "row " + (i + 1) + " ok" : result);
            }

            return (string[])lines.ToArray(typeof(string));
        }

        // Null when the row holds, else what differed.
        private static string RunRow(DmRig rig, string line)
        {
            int bar = line.IndexOf('|');
            if (bar != line.LastIndexOf('|'))
            {
                throw new FormatException("a row needs exactly one '|' before the log column");
            }

            string left = line.Substring(0, bar);
            string expectedReply = "";
            int arrow = left.IndexOf("->");
            if (arrow >= 0)
            {
                expectedReply = left.Substring(arrow + 2).Trim();
                left = left.Substring(0, arrow);
            }

            string[] tokens = Words.Split(left);
            long ms = Numbers.Parse(tokens[0]);
            bool a = Requesting(tokens[1]);
            bool b = Requesting(tokens[2]);
            string expectedAccess = tokens[3];
            string expectedLog = LogColumn(line.Substring(bar + 1));
            if (tokens.Length > 4 && tokens[4] == "reset")
            {
                rig.Reset();
                rig.Hello();
            }
            else if (tokens.Length > 4 && tokens[4] == "fence")
            {
                rig.Fence((Side)(byte)Kinds.Side.Parse(tokens[5]), (uint)Kinds.U32.Parse(tokens[6]));
            }
            else if (tokens.Length > 4)
            {
                throw new FormatException("unknown command '" + tokens[4] + "'");
            }

            uint logBefore = rig.Dm.Log.NextSequence;
            rig.Request(a, b);
            rig.Step(ms);

            string actual = "access " + rig.Access + ", reply '" + rig.Replies() + "', log '" + rig.LogFrom(logBefore) + "'";
            string expected = "access " + expectedAccess + ", reply '" + expectedReply + "', log '" + expectedLog + "'";
            if (actual != expected)
            {
                return "at " + ms + " ms: expected " + expected + "; but got " + actual;
            }

            if (rig.GrantA.Value != rig.AccessA.Value || rig.GrantB.Value != rig.AccessB.Value)
            {
                return "at " + ms + " ms: a grant feedback line differs from its access line";
            }

            return null;
        }

        // The entries as written, each trimmed, joined by "; ".
        private static string LogColumn(string column)
        {
            string[] entries = column.Split(';');
            string log = "";
            for (int i = 0; i < entries.Length; i++)
            {
                string entry = Words.Join(Words.Split(entries[i]));
                if (entry.Length > 0)
                {
                    log = log.Length == 0 ? entry : log + "; " + entry;
                }
            }

            return log;
        }

        private static bool Requesting(string token)
        {
            if (token == "R")
            {
                return true;
            }

            if (token == ".")
            {
                return false;
            }

            throw new FormatException("request column must be R or ., not '" + token + "'");
        }
    }
}
