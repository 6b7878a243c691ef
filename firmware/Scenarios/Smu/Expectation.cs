using ColdStandby.Scenarios.Values;

namespace ColdStandby.Scenarios.Smu
{
    /// <summary>
    /// One checked statement of a scenario: <c>expect</c> (a matching event within the window, or
    /// exactly <see cref="Count"/>), <c>never</c> (none within the window), <c>check</c> (the SMU's
    /// state after the step at a time).
    /// </summary>
    public sealed class Expectation
    {
        /// <summary>No count given: at least one.</summary>
        public const int AnyCount = -1;

        /// <summary>Initializes a new instance of the <see cref="Expectation"/> class.</summary>
        /// <param name="line">The line in the scenario file.</param>
        /// <param name="text">The line's text.</param>
        /// <param name="kind">expect, never or check.</param>
        /// <param name="from">The window's first millisecond (a check's time; <see cref="long.MaxValue"/> for the end).</param>
        /// <param name="to">The window's last millisecond (<see cref="long.MaxValue"/> for the end).</param>
        /// <param name="pattern">The event, for expect and never.</param>
        /// <param name="count">Exactly how many, or <see cref="AnyCount"/>.</param>
        /// <param name="state">The state a check reads, as written.</param>
        public Expectation(int line, string text, string kind, long from, long to, EventPattern pattern, int count, Pair[] state)
        {
            Line = line;
            Text = text;
            Kind = kind;
            From = from;
            To = to;
            Pattern = pattern;
            Count = count;
            State = state;
        }

        /// <summary>Gets the line in the scenario file.</summary>
        public int Line { get; }

        /// <summary>Gets the line's text.</summary>
        public string Text { get; }

        /// <summary>Gets the kind: expect, never or check.</summary>
        public string Kind { get; }

        /// <summary>Gets the window's first millisecond (a check's time).</summary>
        public long From { get; }

        /// <summary>Gets the window's last millisecond.</summary>
        public long To { get; }

        /// <summary>Gets the event, for expect and never.</summary>
        public EventPattern Pattern { get; }

        /// <summary>Gets exactly how many matching events, or <see cref="AnyCount"/>.</summary>
        public int Count { get; }

        /// <summary>Gets the state a check reads, as written.</summary>
        public Pair[] State { get; }

        /// <summary>Gets the window as text: <c>from..to</c> or <c>from..end</c>.</summary>
        public string Window
        {
            get { return To == long.MaxValue ? From + "..end" : From + ".." + To; }
        }
    }
}
