using ColdStandby.Protocol;
using Xunit;

namespace ColdStandby.Protocol.Tests;

public class EpochsTests
{
    [Theory]
    [InlineData(2u, 1u)]
    [InlineData(1u, uint.MaxValue)]
    [InlineData(0x8000_0000u, 1u)]
    [InlineData(5u, 0xFFFF_FFF0u)]
    public void A_later_epoch_is_newer_across_the_wrap(uint later, uint earlier)
    {
        Assert.True(Epochs.IsNewer(later, earlier));
        Assert.False(Epochs.IsNewer(earlier, later));
        Assert.Equal(later, Epochs.Newest(earlier, later));
    }

    [Fact]
    public void An_epoch_is_not_newer_than_itself()
    {
        Assert.False(Epochs.IsNewer(7, 7));
    }

    [Theory]
    [InlineData(1u, 2u)]
    [InlineData(uint.MaxValue - 1, uint.MaxValue)]
    [InlineData(uint.MaxValue, 1u)]
    [InlineData(0u, 1u)]
    public void The_next_epoch_is_newer_and_never_none(uint epoch, uint next)
    {
        Assert.Equal(next, Epochs.Next(epoch));
        Assert.True(Epochs.IsNewer(Epochs.Next(epoch), epoch));
    }

    [Fact]
    public void A_switch_request_of_the_epoch_after_the_wrap_goes_over_the_wire()
    {
        var sent = new SwitchRequest { Epoch = Epochs.Next(uint.MaxValue), Kind = SwitchKind.Failover, From = Side.A };
        byte[] payload = new byte[SwitchRequest.Length];
        sent.WritePayload(payload, 0);

        var read = new SwitchRequest();
        Assert.True(read.ReadPayload(payload, 0));
        Assert.Equal(1u, read.Epoch);
    }
}
