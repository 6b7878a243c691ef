using ColdStandby.Bench.Simulation;
using ColdStandby.Protocol;

namespace ColdStandby.Bench.Tests;

/// <summary>The one server model every rig uses behaves as a server does, whoever touches it.</summary>
public sealed class ServerModelTests
{
    [Fact]
    public void A_server_switched_on_by_hand_has_power_good_when_its_supply_is_up_though_nothing_else_wakes_it()
    {
        // A asleep serving, B off and idle: nothing steps B's server model but the hand on its button
        // (a rig or a scenario calls it between steps, not inside the model's own step).
        var system = new StandbySystem(new SystemOptions());
        system.RunUntil(180_000, () => system.Serving(Side.A));
        system.RunFor(5_000);
        Assert.Equal(ServerState.Off, system.ServerB.State);

        long pressedAt = system.NowMs;
        system.ServerB.PowerOnByHand();
        system.RunFor(system.ServerB.Timings.PowerGoodMs);

        Assert.NotEqual(ServerState.PoweringOn, system.ServerB.State);
        Assert.Contains(system.Events, e => e.Who == "server B" && e.Text.StartsWith("power-good") && e.TimeMs == pressedAt + system.ServerB.Timings.PowerGoodMs);
    }
}
