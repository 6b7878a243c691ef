using ColdStandby.Protocol;
using ColdStandby.Scenarios.Values;

namespace ColdStandby.Scenarios.Smu
{
    /// <summary>
    /// A parsed SMU scenario file: the initial state, the plant models, a timed script, rules, and
    /// expectations (the format is firmware/Smu.Tests/Scenarios/README.md).
    /// </summary>
    public sealed class SmuScenario
    {
        /// <summary>Initializes a new instance of the <see cref="SmuScenario"/> class, empty.</summary>
        /// <param name="name">The file's name without .txt.</param>
        public SmuScenario(string name)
        {
            Name = name;
            Title = "";
            Side = Side.A;
            Config = new Pair[0];
            Inputs = new FieldValues();
            WriteBudgets = new FieldValues();
            Models = new ModelSpec[0];
            Script = new TimedAction[0];
            Rules = new Rule[0];
            Expectations = new Expectation[0];
            RunUntil = -1;
        }

        /// <summary>Gets the file's name without .txt.</summary>
        public string Name { get; }

        /// <summary>Gets or sets what the scenario shows.</summary>
        public string Title { get; set; }

        /// <summary>Gets or sets the SMU's side.</summary>
        public Side Side { get; set; }

        /// <summary>Gets or sets the <see cref="ColdStandby.Smu.SmuConfig"/> keys set, in order.</summary>
        public Pair[] Config { get; set; }

        /// <summary>Gets or sets the boot stages (<c>name:deadline[@after]</c>), or null for the default list.</summary>
        public string[] Stages { get; set; }

        /// <summary>Gets or sets the persisted state before the start, or null for a fresh install.</summary>
        public Pair[] Persisted { get; set; }

        /// <summary>Gets the input levels at the start (booleans).</summary>
        public FieldValues Inputs { get; }

        /// <summary>Gets the most bytes the SMU may write per step, per link (host, peer).</summary>
        public FieldValues WriteBudgets { get; }

        /// <summary>Gets or sets the plant models switched on, in the order of their first line.</summary>
        public ModelSpec[] Models { get; set; }

        /// <summary>Gets or sets the timed script.</summary>
        public TimedAction[] Script { get; set; }

        /// <summary>Gets or sets the rules.</summary>
        public Rule[] Rules { get; set; }

        /// <summary>Gets or sets the expectations, in file order.</summary>
        public Expectation[] Expectations { get; set; }

        /// <summary>Gets or sets the last millisecond run, or -1 for the default.</summary>
        public long RunUntil { get; set; }

        /// <summary>The expectation written on <paramref name="line"/>, or null.</summary>
        /// <param name="line">The line number.</param>
        /// <returns>The expectation, or null.</returns>
        public Expectation ExpectationAt(int line)
        {
            for (int i = 0; i < Expectations.Length; i++)
            {
                if (Expectations[i].Line == line)
                {
                    return Expectations[i];
                }
            }

            return null;
        }
    }
}
