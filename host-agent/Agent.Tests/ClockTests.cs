using System.Diagnostics;
using ColdStandby.HostAgent.Cli;
using ColdStandby.HostAgent.Control;
using ColdStandby.HostAgent.Link;
using ColdStandby.HostAgent.Tests.Support;
using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// Clocks set to a wrong future date (a host whose clock said 2099) and corrected: the agent's
/// routine set is refused by the SMU and shown in the status; <c>coldstandby clock --step-back</c>
/// moves the SMU, its peer (relayed) and the DM back, and each log records the step back.
/// </summary>
public sealed class ClockTests
{
    private const long Year2099 = 4_070_908_800_000;

    [Fact]
    public void The_agents_time_set_is_the_time_it_goes_out_even_when_the_service_started_a_while_after_it_was_built()
    {
        // The set was the wall clock at Start plus the loop's time since the agent was built: one
        // built a second before its start set the SMU a second ahead, and the next agent's set
        // stepped it back (a ClockStepBack in the log at every restart; the last switch's boot
        // shorter by that much).
        using var f = new AgentFixture(dmLink: true);
        Assert.True(f.Rig.WaitFor(r => r.ServerAOn, 10_000), "server A was never powered on");
        var (config, errors) = Config.AgentConfig.Load(f.ConfigPath);
        Assert.True(config is not null, string.Join("\n", errors));
        using var agent = new Service.AgentRuntime(config!, f.Log, notifier: null);
        Thread.Sleep(1000);
        agent.Start();

        Assert.True(f.Rig.WaitFor(r => r.SmuA.Log.WallClock && r.Dm.Log.WallClock, 10_000), "the agent never set the clocks\n" + f.Log);
        long wall = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (who, log) in new[] { ("SMU A", f.Rig.Log(Side.A)), ("DM", DmLog(f)) })
        {
            var set = log.Last(r => r.Code == EventCode.TimeSet);
            Assert.True(set.Time <= wall + 50, $"{who}'s clock was set {set.Time - wall} ms ahead of this machine's");
            Assert.True(set.Time >= wall - 2000, $"{who}'s clock was set {wall - set.Time} ms behind this machine's");
        }
    }

    [Fact]
    public void A_wrong_future_date_is_refused_by_the_routine_set_and_stepped_back_on_the_operators_word()
    {
        using var f = new AgentFixture(dmLink: true);
        Assert.True(f.Rig.WaitFor(r => r.ServerAOn, 10_000), "server A was never powered on");
        SetClockOverTheLink(f.Rig.HostDevice, Year2099, dm: false);
        SetClockOverTheLink(f.Rig.DmDevice!, Year2099, dm: true);
        Assert.True(f.Rig.WaitFor(r => r.SmuB.Log.LastWallClockTime >= Year2099, 3000), "the SMU did not relay 2099 to its peer");

        var agent = f.StartAgentWhenServerIsOn();
        Assert.True(SpinWait.SpinUntil(() => agent.Loop.Session.ClockRefusal == RefusalReason.ClockAhead, 5000), f.Log.ToString());
        var status = StatusView.Parse(Ask(f, "status", expectOk: true));
        Assert.Equal("refused: its clock is ahead by 255 days or more; to step it back: coldstandby clock --step-back", status["smu.clock"]);
        Assert.Contains("SMU clock: the agent's time set was refused", StatusView.Render(status));

        // A plain set now is refused just the same; the operator's step back is taken everywhere.
        var refused = ControlClient.Ask(f.Socket, "clock");
        Assert.False(refused.Ok);
        Assert.Contains("SMU (and its peer): refused: its clock is ahead", refused.Error);
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.Equal(new[] { "SMU (and its peer): clock set", "DM: clock set" }, Ask(f, "clock step-back", expectOk: true));

        foreach (var (who, log) in new[] { ("SMU A", f.Rig.Log(Side.A)), ("SMU B", f.Rig.Log(Side.B)), ("DM", DmLog(f)) })
        {
            var step = log.LastOrDefault(r => r.Code == EventCode.ClockStepBack);
            Assert.True(step is not null, $"{who} logged no step back");
            Assert.InRange(step!.Time, now - 5000, now + 5000);
            Assert.InRange((long)step.Argument * 1000, Year2099, Year2099 + 60_000);
        }

        Assert.True(SpinWait.SpinUntil(() => StatusView.Parse(Ask(f, "status", expectOk: true))["smu.clock"] == "ok", 5000), "the next routine set was still refused");
    }

    private static List<string> Ask(AgentFixture f, string request, bool expectOk)
    {
        var (ok, error, lines) = ControlClient.Ask(f.Socket, request);
        Assert.True(ok == expectOk, $"{request}: {error}");
        return lines;
    }

    private static List<EventRecord> DmLog(AgentFixture f) => f.Rig.Inspect(r => TestRig.SystemRig.Records(r.Dm.Log));

    /// <summary>Sets a board's clock as a host with a wrong clock would, over its serial device, with the agent's own session code.</summary>
    private static void SetClockOverTheLink(string device, long unixMs, bool dm)
    {
        using var link = new SerialHostLink(device, 115200, 250);
        var clock = Stopwatch.StartNew();
        Assert.True(link.Maintain(0), link.LastError);
        LinkRequest? request = null;
        var smu = dm ? null : new SmuSession(link, new SmuSessionOptions());
        var dmSession = dm ? new DmSession(link) : null;
        while (clock.ElapsedMilliseconds < 5000 && request?.State is null or LinkRequestState.Pending)
        {
            long now = clock.ElapsedMilliseconds;
            if (request is null && (smu?.IsOpen ?? dmSession!.IsOpen))
            {
                request = smu is not null ? smu.SetClockNow(unixMs, stepBack: false) : dmSession!.SetClockNow(unixMs, stepBack: false);
            }

            smu?.Step(now);
            dmSession?.Step(now);
            Thread.Sleep(5);
        }

        Assert.Equal(LinkRequestState.Done, request?.State);
    }
}
