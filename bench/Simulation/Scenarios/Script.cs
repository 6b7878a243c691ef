namespace ColdStandby.Bench.Simulation;

/// <summary>
/// What happens in a run, in order: actions (inject a fault, press a button, run an operator
/// command), waits for a time, and waits for a condition with a deadline. Built fluently:
/// <c>new Script().Until("A serves", s =&gt; s.Serving(Side.A), 120_000).Then("OS on A hangs", …)</c>.
/// </summary>
public sealed class Script
{
    private readonly List<Step> _steps = new();

    /// <summary>Gets the steps, for people (the scenario list prints them).</summary>
    public IEnumerable<string> Describe() => _steps.Select(s => s.Text);

    /// <summary>Does something now.</summary>
    public Script Then(string what, Action<StandbySystem> action)
    {
        _steps.Add(new Step(what, action, null, 0));
        return this;
    }

    /// <summary>Lets the system run for <paramref name="ms"/>.</summary>
    public Script Wait(long ms)
    {
        _steps.Add(new Step($"wait {SimTime.Duration(ms)}", null, null, ms));
        return this;
    }

    /// <summary>Runs until <paramref name="condition"/> holds; the run fails when it does not within <paramref name="timeoutMs"/>.</summary>
    public Script Until(string what, Func<StandbySystem, bool> condition, long timeoutMs)
    {
        _steps.Add(new Step($"until {what} (at most {SimTime.Duration(timeoutMs)})", null, condition, timeoutMs));
        return this;
    }

    /// <summary>Runs the script on <paramref name="system"/>; returns null when every step was done, else what went wrong.</summary>
    public string? Run(StandbySystem system)
    {
        foreach (var step in _steps)
        {
            if (system.Stopped)
            {
                return null;
            }

            if (step.Action != null)
            {
                step.Action(system);
            }
            else if (step.Condition != null)
            {
                system.RunUntil(system.NowMs + step.Ms, () => step.Condition(system));
                if (!system.Stopped && !step.Condition(system))
                {
                    return $"at {SimTime.Format(system.NowNs)}: timed out: {step.Text}";
                }
            }
            else
            {
                system.RunFor(step.Ms);
            }
        }

        return null;
    }

    private sealed record Step(string Text, Action<StandbySystem>? Action, Func<StandbySystem, bool>? Condition, long Ms);
}
