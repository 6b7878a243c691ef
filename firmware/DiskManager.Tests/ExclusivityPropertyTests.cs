using ColdStandby.Protocol;
using CsCheck;
using Xunit.Abstractions;

namespace ColdStandby.Dm.Tests;

/// <summary>
/// Random request sequences from both sides, with random fences, DM resets (the access latches
/// hold) and DM power cycles (the latches are cleared), under random settings: after every step the two access lines are never both on, and the grant rules hold as
/// an outside observer sees them (see <see cref="Observer"/>).
/// </summary>
public class ExclusivityPropertyTests
{
    private const int Sequences = 100_000;

    public enum Action
    {
        None,
        Fence,
        Reset,
        PowerCycle,
    }

    /// <summary>One step: time advanced, both request lines, and what else happens before the step.</summary>
    public sealed record Op(int AdvanceMs, bool A, bool B, Action Action, Side FenceSide, int EpochOffset)
    {
        public override string ToString() =>
            $"+{AdvanceMs} {(A ? "R" : ".")}{(B ? "R" : ".")}{(Action == Action.Fence ? $" fence {FenceSide}{EpochOffset:+0;-0;+0}" : Action == Action.Reset ? " reset" : Action == Action.PowerCycle ? " power" : "")}";
    }

    public sealed record Settings(int SettleMs, int DebounceMs, bool Fence, SimultaneousRule Rule)
    {
        public DiskManagerConfig Config() => new()
        {
            SettleMilliseconds = SettleMs,
            ReleaseDebounceMilliseconds = DebounceMs,
            FenceEnabled = Fence,
            Simultaneous = Rule,
            LogCapacity = DiskManagerConfig.MinLogCapacity,
        };
    }

    private static readonly Gen<int> Advance = Gen.Frequency(
        (4, Gen.Int[0, 5]),
        (4, Gen.Int[0, 400]),
        (2, Gen.Int[0, 5000]));

    private static readonly Gen<Op> OpGen = Gen.Select(
        Advance,
        Gen.Bool,
        Gen.Bool,
        Gen.Frequency((40, Gen.Const(Action.None)), (4, Gen.Const(Action.Fence)), (1, Gen.Const(Action.Reset)), (1, Gen.Const(Action.PowerCycle))),
        Gen.OneOf(Gen.Const(Side.A), Gen.Const(Side.B)),
        Gen.Frequency((3, Gen.Const(0)), (1, Gen.Int[-1, 1])),
        (advance, a, b, action, side, offset) => new Op(advance, a, b, action, side, offset));

    private static readonly Gen<Settings> SettingsGen = Gen.Select(
        Gen.Frequency((1, Gen.Int[1, 20]), (3, Gen.Int[1, 1500])),
        Gen.Frequency((1, Gen.Int[0, 20]), (3, Gen.Int[0, 4000])),
        Gen.Bool,
        Gen.OneOf(Gen.Const(SimultaneousRule.NotLastHolder), Gen.Const(SimultaneousRule.PreferA), Gen.Const(SimultaneousRule.PreferB)),
        (settle, debounce, fence, rule) => new Settings(settle, debounce, fence, rule));

    private readonly ITestOutputHelper _output;

    public ExclusivityPropertyTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void The_two_access_lines_are_never_both_on_and_every_grant_change_follows_the_rules()
    {
        long steps = 0;
        var seen = new long[64];
        var started = DateTime.UtcNow;
        Gen.Select(SettingsGen, OpGen.Array[1, 60]).Sample(
            (settings, ops) =>
            {
                new Observer(settings, seen).Run(ops);
                Interlocked.Add(ref steps, ops.Length);
            },
            iter: Sequences);
        _output.WriteLine($"{Sequences} sequences, {steps} steps in {(DateTime.UtcNow - started).TotalSeconds:0.0} s");

        // The sequences must reach every rule, or the property says little.
        EventCode[] mustSee = { EventCode.GrantGiven, EventCode.GrantReleased, EventCode.GrantRestored, EventCode.Fenced, EventCode.FenceRefused, EventCode.RequestConflict, EventCode.RequestWaiting };
        foreach (EventCode code in mustSee)
        {
            _output.WriteLine($"{code}: {seen[(int)code]}");
            Assert.True(seen[(int)code] > 100, $"{code} seen only {seen[(int)code]} times");
        }
    }

    [Fact]
    public void The_observer_catches_a_DM_that_breaks_a_rule()
    {
        // The checker itself: two access lines forced on by a broken board must be reported.
        var observer = new Observer(new Settings(100, 100, false, SimultaneousRule.PreferA), new long[64]);
        var e = Assert.ThrowsAny<Exception>(() => observer.Run(new[] { new Op(0, true, false, Action.None, Side.A, 0), new Op(200, true, true, Action.None, Side.A, 0) }, sabotage: true));
        Assert.Contains("both", e.Message);
    }

    /// <summary>
    /// Drives one board through a sequence and checks, from the outside only (lines, requests,
    /// replies, log), after every step:
    /// never both access lines on; a line rises only for a side requesting it, not fenced, after
    /// nobody has held for the settle time, and never at a start; a line falls only after its
    /// request was absent for the debounce, by an accepted fence, or by a power cycle (a reset moves
    /// nothing); every rise and fall is in the log of that step; and nobody waits for nothing: with
    /// the settle time over and a side requesting that was never fenced, somebody holds.
    /// </summary>
    private sealed class Observer
    {
        private readonly Settings _settings;
        private readonly Board _board;
        private readonly bool[] _requested = new bool[3];
        private readonly long[] _absentSince = new long[3];
        private readonly bool[] _fenced = new bool[3];
        private readonly bool[] _everFenced = new bool[3];
        private readonly long[] _fencedAt = new long[3];
        private readonly List<string> _trace = new();
        private readonly long[] _seen;

        public Observer(Settings settings, long[] seen)
        {
            _settings = settings;
            _seen = seen;
            _board = new Board(settings.Config(), linkCapacity: 4096);
        }

        public void Run(IReadOnlyList<Op> ops, bool sabotage = false)
        {
            long now = 0;
            bool wasA = false, wasB = false;
            long lastDropAt = 0;
            bool firstStep = true;
            Side heldAtReset = Side.None;
            _board.Management.Hello();
            foreach (Op op in ops)
            {
                now += op.AdvanceMs;
                _trace.Add($"{now}: {op}");
                if (op.Action == Action.Reset || op.Action == Action.PowerCycle)
                {
                    if (op.Action == Action.Reset)
                    {
                        heldAtReset = wasA ? Side.A : wasB ? Side.B : Side.None;
                        _board.Reset();
                    }
                    else
                    {
                        heldAtReset = Side.None;
                        _board.PowerCycle();
                        wasA = wasB = false;
                    }

                    _board.Management.Replies();
                    _board.Management.Hello();
                    firstStep = true;
                }

                bool fenceSent = op.Action == Action.Fence;
                if (fenceSent)
                {
                    _board.Management.Fence(op.FenceSide, (uint)(_board.Dm.Epoch + op.EpochOffset));
                }

                Track(Side.A, op.A, now);
                Track(Side.B, op.B, now);
                _board.Request(op.A, op.B);
                uint logFrom = _board.Dm.Log.NextSequence;
                _board.Step(now);
                if (sabotage)
                {
                    _board.AccessA.Force(true);
                    _board.AccessB.Force(true);
                }

                bool fenceAccepted = fenceSent && _board.Management.Replies().Any(r => r.StartsWith("Accepted AcceptedType=Fence", StringComparison.Ordinal));
                if (fenceAccepted)
                {
                    _fenced[(int)op.FenceSide] = true;
                    _fencedAt[(int)op.FenceSide] = now;
                    LiftFence(op.FenceSide, now);
                    _everFenced[(int)op.FenceSide] = true;
                }

                List<string> log = _board.LogFrom(logFrom);
                foreach (string entry in log)
                {
                    Interlocked.Increment(ref _seen[(int)Enum.Parse<EventCode>(entry.Split(' ')[0])]);
                }

                bool a = _board.AccessA.Value, b = _board.AccessB.Value;
                Check(!(a && b), "both access lines on");
                if (firstStep && heldAtReset != Side.None && (heldAtReset == Side.A ? a : b))
                {
                    Check(log.Contains($"GrantRestored {heldAtReset} {_board.Dm.Epoch}"), $"{heldAtReset} kept through a reset but not logged");
                }

                CheckFall(Side.A, wasA, a, now, fenceAccepted && op.FenceSide == Side.A, log);
                CheckFall(Side.B, wasB, b, now, fenceAccepted && op.FenceSide == Side.B, log);
                if ((wasA && !a) || (wasB && !b))
                {
                    lastDropAt = now;
                }

                if (firstStep && heldAtReset == Side.None)
                {
                    // Lines may have been up until the reset: the settle time runs from the first step.
                    lastDropAt = now;
                }

                CheckRise(Side.A, wasA, a, now, lastDropAt, firstStep, heldAtReset, log);
                CheckRise(Side.B, wasB, b, now, lastDropAt, firstStep, heldAtReset, log);

                if (!a && !b && !firstStep && now - lastDropAt >= _settings.SettleMs)
                {
                    bool someoneWaits = (op.A && !_everFenced[1]) || (op.B && !_everFenced[2]);
                    Check(!someoneWaits, "a side requests, the settle time is over, and nobody holds");
                }

                if (firstStep && heldAtReset != Side.None && !(a || b))
                {
                    lastDropAt = now;
                }

                wasA = a;
                wasB = b;
                firstStep = false;
            }
        }

        private void Track(Side side, bool requested, long now)
        {
            int i = (int)side;
            if (_requested[i] && !requested)
            {
                _absentSince[i] = now;
            }

            _requested[i] = requested;
            LiftFence(side, now);
        }

        // A fence holds until the request has been absent for the debounce after it.
        private void LiftFence(Side side, long now)
        {
            int i = (int)side;
            if (!_requested[i] && now - Math.Max(_absentSince[i], _fencedAt[i]) >= _settings.DebounceMs)
            {
                _fenced[i] = false;
            }
        }

        private void CheckRise(Side side, bool was, bool isOn, long now, long lastDropAt, bool firstStep, Side heldAtReset, List<string> log)
        {
            if (was || !isOn)
            {
                return;
            }

            Check(_requested[(int)side], $"{side} granted without requesting");
            Check(!firstStep, $"{side}'s latch rose at the first step after a start");

            Check(!_fenced[(int)side], $"{side} granted again while fenced and not yet released");
            Check(now - lastDropAt >= _settings.SettleMs, $"{side} granted {now - lastDropAt} ms after the last drop, settle is {_settings.SettleMs}");
            Check(log.Contains($"GrantGiven {side} {_board.Dm.Epoch}"), $"{side} granted but not logged");
        }

        private void CheckFall(Side side, bool was, bool isOn, long now, bool fenced, List<string> log)
        {
            if (!was || isOn)
            {
                return;
            }

            int i = (int)side;
            bool released = !_requested[i] && now - _absentSince[i] >= _settings.DebounceMs;
            Check(released || fenced, $"{side} lost the grant while requesting (absent {(_requested[i] ? 0 : now - _absentSince[i])} ms, debounce {_settings.DebounceMs})");
            Check(log.Any(e => e.StartsWith($"GrantReleased {side} ", StringComparison.Ordinal) || e.StartsWith($"Fenced {side} ", StringComparison.Ordinal)), $"{side} lost the grant but it is not logged");
        }

        private void Check(bool condition, string what)
        {
            if (!condition)
            {
                throw new Exception($"{what}; settings {_settings}; steps:\n  {string.Join("\n  ", _trace)}");
            }
        }
    }
}
