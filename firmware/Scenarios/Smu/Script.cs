using ColdStandby.Scenarios.Values;

namespace ColdStandby.Scenarios.Smu
{
    /// <summary>Something the world does to the SMU: <c>set</c>, <c>host</c>, <c>peer</c>, <c>noise</c>, <c>reboot</c>, <c>model</c>, with its words.</summary>
    public sealed class ScriptAction
    {
        /// <summary>Initializes a new instance of the <see cref="ScriptAction"/> class.</summary>
        /// <param name="line">The line in the scenario file.</param>
        /// <param name="words">The verb and its words.</param>
        public ScriptAction(int line, string[] words)
        {
            Line = line;
            Words = words;
        }

        /// <summary>Gets the line in the scenario file.</summary>
        public int Line { get; }

        /// <summary>Gets the verb and its words.</summary>
        public string[] Words { get; }

        /// <summary>Gets the verb.</summary>
        public string Verb
        {
            get { return Words[0]; }
        }

        /// <summary>The action as written.</summary>
        /// <returns>The text.</returns>
        public override string ToString()
        {
            return Values.Words.Join(Words);
        }
    }

    /// <summary>An action at a time, or every period from a time until a time.</summary>
    public sealed class TimedAction
    {
        /// <summary>Initializes a new instance of the <see cref="TimedAction"/> class.</summary>
        /// <param name="at">The first time.</param>
        /// <param name="every">The period, or 0 for once.</param>
        /// <param name="until">The last time it may run.</param>
        /// <param name="action">What to do.</param>
        public TimedAction(long at, long every, long until, ScriptAction action)
        {
            At = at;
            Every = every;
            Until = until;
            Action = action;
        }

        /// <summary>Gets the first time.</summary>
        public long At { get; }

        /// <summary>Gets the period, or 0 for once.</summary>
        public long Every { get; }

        /// <summary>Gets the last time it may run.</summary>
        public long Until { get; }

        /// <summary>Gets what to do.</summary>
        public ScriptAction Action { get; }
    }

    /// <summary>An action the world takes some time after an event matching the pattern.</summary>
    public sealed class Rule
    {
        /// <summary>Initializes a new instance of the <see cref="Rule"/> class.</summary>
        /// <param name="pattern">The event that triggers it.</param>
        /// <param name="after">The delay, at least 1 ms.</param>
        /// <param name="once">Whether it fires only the first time.</param>
        /// <param name="action">What to do.</param>
        public Rule(EventPattern pattern, long after, bool once, ScriptAction action)
        {
            Pattern = pattern;
            After = after;
            Once = once;
            Action = action;
        }

        /// <summary>Gets the event that triggers it.</summary>
        public EventPattern Pattern { get; }

        /// <summary>Gets the delay.</summary>
        public long After { get; }

        /// <summary>Gets whether it fires only the first time.</summary>
        public bool Once { get; }

        /// <summary>Gets what to do.</summary>
        public ScriptAction Action { get; }
    }

    /// <summary>A plant model switched on by a <c>model NAME KEY=VALUE …</c> line.</summary>
    public sealed class ModelSpec
    {
        /// <summary>Initializes a new instance of the <see cref="ModelSpec"/> class.</summary>
        /// <param name="name">The model's name.</param>
        /// <param name="options">Its options.</param>
        public ModelSpec(string name, Pair[] options)
        {
            Name = name;
            Options = options;
        }

        /// <summary>Gets the model's name: dm, server, agent, peer.</summary>
        public string Name { get; }

        /// <summary>Gets or sets its options.</summary>
        public Pair[] Options { get; set; }
    }
}
