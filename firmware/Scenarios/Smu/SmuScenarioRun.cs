using System.Collections;

namespace ColdStandby.Scenarios.Smu
{
    /// <summary>
    /// One SMU scenario file parsed, run and judged: what both the .NET tests and the on-device tests
    /// do with a scenario, and the report they compare line for line.
    /// </summary>
    public sealed class SmuScenarioRun
    {
        private SmuScenarioRun(SmuScenario scenario, SmuWorld world)
        {
            Scenario = scenario;
            World = world;
            Failures = new string[scenario.Expectations.Length];
            for (int i = 0; i < Failures.Length; i++)
            {
                Failures[i] = SmuJudge.Judge(world, scenario.Expectations[i]);
            }
        }

        /// <summary>Gets the scenario.</summary>
        public SmuScenario Scenario { get; }

        /// <summary>Gets the finished run.</summary>
        public SmuWorld World { get; }

        /// <summary>Gets, per expectation (in file order), null when it holds, else what went wrong.</summary>
        public string[] Failures { get; }

        /// <summary>Gets a value indicating whether every expectation holds and no safety property was violated.</summary>
        public bool Passed
        {
            get
            {
                if (World.Violations.Length > 0)
                {
                    return false;
                }

                for (int i = 0; i < Failures.Length; i++)
                {
                    if (Failures[i] != null)
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        /// <summary>Parses and runs a scenario file's text, stepping every millisecond.</summary>
        /// <param name="name">The file's name without .txt.</param>
        /// <param name="text">The text.</param>
        /// <returns>The judged run.</returns>
        /// <exception cref="System.FormatException">The text is not a valid scenario (the message names the line).</exception>
        public static SmuScenarioRun Run(string name, string text)
        {
            SmuScenario scenario = SmuScenarioParser.Parse(name, text);
            SmuWorld world = new SmuWorld(scenario, false);
            world.Run();
            return new SmuScenarioRun(scenario, world);
        }

        /// <summary>
        /// The report: the trace, any safety violations, then one line per expectation
        /// (<c>line N ok</c> or <c>line N FAILED: …</c>). Two runs agree when their reports do.
        /// </summary>
        /// <returns>The lines.</returns>
        public string[] Report()
        {
            ArrayList lines = new ArrayList();
            string[] trace = World.TraceLines();
            for (int i = 0; i < trace.Length; i++)
            {
                lines.Add(trace[i]);
            }

            for (int i = 0; i < Failures.Length; i++)
            {
                string line = "line " + Scenario.Expectations[i].Line;
                if (Failures[i] == null)
                {
                    lines.Add(line + " ok");
                    continue;
                }

                // A failure lists what was seen on lines of their own: a report is one line per entry.
                string[] parts = Failures[i].Split('\n');
                lines.Add(line + " FAILED: " + parts[0]);
                for (int p = 1; p < parts.Length; p++)
                {
                    lines.Add(parts[p]);
                }
            }

            return (string[])lines.ToArray(typeof(string));
        }
    }
}
