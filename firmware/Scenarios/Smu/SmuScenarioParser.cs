using System;
using System.Collections;
using ColdStandby.Protocol;
using ColdStandby.Scenarios.Values;

namespace ColdStandby.Scenarios.Smu
{
    /// <summary>Reads the SMU scenario text format (firmware/Smu.Tests/Scenarios/README.md).</summary>
    public static class SmuScenarioParser
    {
        private static readonly string[] Channels = { "line", "host", "peer", "log", "input", ">host", ">peer", "note" };

        private static readonly string[] Verbs = { "set", "host", "peer", "noise", "reboot", "model" };

        /// <summary>Parses a scenario file's text.</summary>
        /// <param name="name">The file's name without .txt (for messages).</param>
        /// <param name="text">The text.</param>
        /// <returns>The scenario.</returns>
        /// <exception cref="FormatException">A line is wrong: the message names the file, the line and what is wrong.</exception>
        public static SmuScenario Parse(string name, string text)
        {
            SmuScenario scenario = new SmuScenario(name);
            Lists lists = new Lists();
            string[] lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string[] words = Words.OfLine(lines[i]);
                if (words.Length == 0)
                {
                    continue;
                }

                try
                {
                    ParseLine(scenario, lists, i + 1, lines[i].Trim(), words);
                }
                catch (FormatException e)
                {
                    throw Wrong(name, i + 1, lines[i], e.Message);
                }
                catch (IndexOutOfRangeException)
                {
                    throw Wrong(name, i + 1, lines[i], "words missing");
                }
            }

            scenario.Config = (Pair[])lists.Config.ToArray(typeof(Pair));
            scenario.Models = (ModelSpec[])lists.Models.ToArray(typeof(ModelSpec));
            scenario.Script = (TimedAction[])lists.Script.ToArray(typeof(TimedAction));
            scenario.Rules = (Rule[])lists.Rules.ToArray(typeof(Rule));
            scenario.Expectations = (Expectation[])lists.Expectations.ToArray(typeof(Expectation));
            return scenario;
        }

        private static FormatException Wrong(string name, int line, string text, string what)
        {
            return new FormatException(name + ".txt:" + line + ": " + what + " in '" + text.Trim() + "'");
        }

        private static void ParseLine(SmuScenario scenario, Lists lists, int line, string text, string[] words)
        {
            string[] rest = Words.From(words, 1);
            switch (words[0])
            {
                case "title":
                    scenario.Title = Words.Join(rest);
                    break;
                case "side":
                    scenario.Side = (Side)(byte)Kinds.Side.Parse(rest[0]);
                    break;
                case "config":
                    Pair[] config = Words.Pairs(rest, 0);
                    for (int i = 0; i < config.Length; i++)
                    {
                        lists.Config.Add(config[i]);
                    }

                    break;
                case "stages":
                    scenario.Stages = rest;
                    break;
                case "persisted":
                    scenario.Persisted = Words.Pairs(rest, 0);
                    break;
                case "inputs":
                    Pair[] inputs = Words.Pairs(rest, 0);
                    for (int i = 0; i < inputs.Length; i++)
                    {
                        scenario.Inputs.Add(inputs[i].Key, Kinds.Bool, Kinds.Bool.Parse(inputs[i].Value));
                    }

                    break;
                case "model":
                    AddModel(lists.Models, rest[0], Words.Pairs(rest, 1));
                    break;
                case "channel":
                    Pair[] options = Words.Pairs(rest, 1);
                    for (int i = 0; i < options.Length; i++)
                    {
                        if (options[i].Key != "WriteBudget")
                        {
                            throw new FormatException("unknown channel option '" + options[i].Key + "'");
                        }

                        scenario.WriteBudgets.Add(rest[0], Kinds.I32, Kinds.I32.Parse(options[i].Value));
                    }

                    break;
                case "run":
                    scenario.RunUntil = Numbers.Time(rest[0]);
                    break;
                case "at":
                    lists.Script.Add(new TimedAction(Numbers.Time(rest[0]), 0, long.MaxValue, Action(line, Words.From(rest, 1))));
                    break;
                case "every":
                    lists.Script.Add(Every(line, rest));
                    break;
                case "on":
                    lists.Rules.Add(OnRule(line, rest));
                    break;
                case "expect":
                case "never":
                    lists.Expectations.Add(EventExpectation(line, text, words[0], rest));
                    break;
                case "check":
                    lists.Expectations.Add(Check(line, text, rest));
                    break;
                default:
                    throw new FormatException("unknown directive '" + words[0] + "'");
            }
        }

        // A second line for the same model replaces its options but keeps its place.
        private static void AddModel(ArrayList models, string name, Pair[] options)
        {
            for (int i = 0; i < models.Count; i++)
            {
                ModelSpec model = (ModelSpec)models[i];
                if (model.Name == name)
                {
                    model.Options = options;
                    return;
                }
            }

            models.Add(new ModelSpec(name, options));
        }

        private static TimedAction Every(int line, string[] words)
        {
            long period = Numbers.Time(words[0]);
            long from = 0;
            long until = long.MaxValue;
            int at = 1;
            while (at + 1 < words.Length && (words[at] == "from" || words[at] == "until"))
            {
                if (words[at] == "from")
                {
                    from = Numbers.Time(words[at + 1]);
                }
                else
                {
                    until = Numbers.Time(words[at + 1]);
                }

                at += 2;
            }

            return new TimedAction(from, period, until, Action(line, Words.From(words, at)));
        }

        private static Rule OnRule(int line, string[] words)
        {
            bool once = words[0] == "once";
            int start = once ? 1 : 0;
            int arrow = Words.IndexOf(words, "->");
            if (arrow < 0)
            {
                throw new FormatException("'on' needs '->' between the event and the action");
            }

            EventPattern pattern = Pattern(Words.Range(words, start, arrow));
            string[] action = Words.From(words, arrow + 1);
            long after = 1;
            if (action.Length > 1 && action[0] == "after")
            {
                after = Numbers.Time(action[1]);
                if (after < 1)
                {
                    after = 1;
                }

                action = Words.From(action, 2);
            }

            return new Rule(pattern, after, once, Action(line, action));
        }

        private static ScriptAction Action(int line, string[] words)
        {
            if (words.Length == 0)
            {
                throw new FormatException("missing action");
            }

            if (Words.IndexOf(Verbs, words[0]) < 0)
            {
                throw new FormatException("unknown action '" + words[0] + "' (one of set, host, peer, noise, reboot, model)");
            }

            return new ScriptAction(line, words);
        }

        private static Expectation EventExpectation(int line, string text, string kind, string[] words)
        {
            long[] window = Window(words);
            string[] rest = Words.From(words, (int)window[2]);
            int count = Expectation.AnyCount;
            if (rest.Length > 0)
            {
                string last = rest[rest.Length - 1];
                if (last.Length > 1 && last[0] == 'x' && IsDigits(last.Substring(1)))
                {
                    count = (int)Numbers.Parse(last.Substring(1));
                    rest = Words.Range(rest, 0, rest.Length - 1);
                }
            }

            return new Expectation(line, text, kind, window[0], window[1], Pattern(rest), count, null);
        }

        private static Expectation Check(int line, string text, string[] words)
        {
            long at;
            if (words[0] == "end")
            {
                at = long.MaxValue;
            }
            else if (words[0] == "at")
            {
                at = Numbers.Time(words[1]);
            }
            else
            {
                throw new FormatException("check needs 'at T' or 'end'");
            }

            Pair[] state = Words.Pairs(words, words[0] == "end" ? 1 : 2);
            return new Expectation(line, text, "check", at, at, null, Expectation.AnyCount, state);
        }

        // From, to, and how many words the window took.
        private static long[] Window(string[] words)
        {
            if (words.Length >= 2 && words[0] == "at")
            {
                long t = Numbers.Time(words[1]);
                return new long[] { t, t, 2 };
            }

            if (words.Length >= 2 && words[0] == "by")
            {
                return new long[] { 0, Numbers.Time(words[1]), 2 };
            }

            if (words.Length >= 2 && words[0] == "after")
            {
                return new long[] { Numbers.Time(words[1]), long.MaxValue, 2 };
            }

            int dots = words.Length >= 1 ? words[0].IndexOf("..") : -1;
            if (dots >= 0)
            {
                return new long[] { Numbers.Time(words[0].Substring(0, dots)), Numbers.Time(words[0].Substring(dots + 2)), 1 };
            }

            return new long[] { 0, long.MaxValue, 0 };
        }

        private static EventPattern Pattern(string[] words)
        {
            if (words.Length < 2 || Words.IndexOf(Channels, words[0]) < 0)
            {
                throw new FormatException("an event is '<line|host|peer|log|input|>host|>peer|note> <name> [field=value ...]'");
            }

            if (words[0] == "line" || words[0] == "input")
            {
                if (words.Length != 2)
                {
                    throw new FormatException("a " + words[0] + " event is '" + words[0] + " NAME=0|1' (a window goes before it)");
                }

                Pair level = Pair.Parse(words[1]);
                Kinds.Bool.Parse(level.Value);
                return new EventPattern(words[0], level.Key, new Pair[] { new Pair("Value", level.Value) });
            }

            // Every value is read now, so a misspelt one fails here rather than never matching.
            Pair[] fields = Words.Pairs(words, 2);
            if (words[0] == "host" || words[0] == "peer" || words[0] == ">host" || words[0] == ">peer")
            {
                MessageType type = MessageFields.TypeNamed(words[1]);
                for (int i = 0; i < fields.Length; i++)
                {
                    MessageFields.KindOf(type, fields[i].Key).Parse(fields[i].Value);
                }
            }
            else if (words[0] == "log")
            {
                EventCode code = (EventCode)(byte)Kinds.EventCode.Parse(words[1]);
                for (int i = 0; i < fields.Length; i++)
                {
                    LogFields.KindOf(code, fields[i].Key).Parse(fields[i].Value);
                }
            }

            return new EventPattern(words[0], words[1], fields);
        }

        private static bool IsDigits(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                {
                    return false;
                }
            }

            return text.Length > 0;
        }

        private sealed class Lists
        {
            public ArrayList Config { get; } = new ArrayList();

            public ArrayList Models { get; } = new ArrayList();

            public ArrayList Script { get; } = new ArrayList();

            public ArrayList Rules { get; } = new ArrayList();

            public ArrayList Expectations { get; } = new ArrayList();
        }
    }
}
