using System.Collections;
using ColdStandby.Scenarios.Values;

namespace ColdStandby.Scenarios.Smu
{
    /// <summary>Judges a scenario's expectations against a finished run.</summary>
    public static class SmuJudge
    {
        private const int AlikeShown = 12;

        /// <summary>Returns null when the expectation holds, else what went wrong (and what was seen).</summary>
        /// <param name="world">The finished run.</param>
        /// <param name="expectation">The expectation.</param>
        /// <returns>Null, or the failure.</returns>
        public static string Judge(SmuWorld world, Expectation expectation)
        {
            if (expectation.Kind == "check")
            {
                return JudgeCheck(world, expectation);
            }

            EventPattern pattern = expectation.Pattern;
            int found = 0;
            for (int i = 0; i < world.TraceCount; i++)
            {
                TraceEvent e = world.TraceAt(i);
                if (e.Time >= expectation.From && e.Time <= expectation.To && pattern.Matches(e))
                {
                    found++;
                }
            }

            bool ok = expectation.Kind == "never"
                ? found == 0
                : expectation.Count != Expectation.AnyCount ? found == expectation.Count : found > 0;
            if (ok)
            {
                return null;
            }

            string wanted = expectation.Kind == "never"
                ? "no '" + pattern + "' in " + expectation.Window
                : expectation.Count != Expectation.AnyCount
                    ? "exactly " + expectation.Count + " × '" + pattern + "' in " + expectation.Window
                    : "'" + pattern + "' in " + expectation.Window;
            ArrayList alike = new ArrayList();
            for (int i = 0; i < world.TraceCount && alike.Count < AlikeShown; i++)
            {
                TraceEvent e = world.TraceAt(i);
                if (e.Channel == pattern.Channel && e.Name == pattern.Name)
                {
                    alike.Add("  " + e);
                }
            }

            string seen;
            if (alike.Count == 0)
            {
                seen = "no " + pattern.Channel + " " + pattern.Name + " at all in the run (0.." + world.End + ")";
            }
            else
            {
                seen = "seen:";
                for (int i = 0; i < alike.Count; i++)
                {
                    seen += "\n" + alike[i];
                }
            }

            return "wanted " + wanted + "; found " + found + "; " + seen;
        }

        private static string JudgeCheck(SmuWorld world, Expectation expectation)
        {
            FieldValues state = world.SnapshotAt(expectation.From);
            string at = expectation.From == long.MaxValue ? "end (" + world.End + ")" : expectation.From.ToString();
            if (state == null)
            {
                return "no state recorded at " + at;
            }

            string wrong = "";
            for (int i = 0; i < expectation.State.Length; i++)
            {
                string key = expectation.State[i].Key;
                string text = expectation.State[i].Value;
                bool has = key.StartsWith("Has");
                bool lacks = key.StartsWith("Lacks");
                string field = has ? key.Substring(3) : lacks ? key.Substring(5) : key;
                int index = state.IndexOf(field);
                string problem = null;
                if (index < 0)
                {
                    problem = key + ": no such state (have " + state.Names() + ")";
                }
                else
                {
                    long actual = state.ValueAt(index);
                    long wanted = state.KindAt(index).Parse(text);
                    bool ok = has ? (actual & wanted) == wanted : lacks ? (actual & wanted) == 0 : actual == wanted;
                    if (!ok)
                    {
                        problem = key + ": wanted " + text + ", was " + state.KindAt(index).Format(actual);
                    }
                }

                if (problem != null)
                {
                    wrong = wrong.Length == 0 ? problem : wrong + "; " + problem;
                }
            }

            return wrong.Length == 0 ? null : "at " + at + ": " + wrong;
        }
    }
}
