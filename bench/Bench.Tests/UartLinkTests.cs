using ColdStandby.Bench.Simulation;
using ColdStandby.Protocol;

namespace ColdStandby.Bench.Tests;

/// <summary>A UART link carries bytes with real timing at its baud rate, and its noise spoils frames that receivers drop.</summary>
public sealed class UartLinkTests
{
    [Fact]
    public void A_ten_byte_frame_takes_ten_bit_times_per_byte_at_115200_baud()
    {
        // The DM's management transmit line: nobody reads it in the bench, so the test does.
        var system = new StandbySystem(new SystemOptions());
        var link = system.Dm.Management.Out;
        var bytes = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 0 };
        Assert.Equal(86_806, link.ByteNs);
        Assert.Equal(10, link.Write(bytes, 0, 10));

        // 10 bytes × 10 bits / 115200 baud = 0.868 ms: nothing has all arrived at 0 ms, all of it by 1 ms.
        var buffer = new byte[16];
        Assert.Equal(0, link.Read(buffer, 0, 16));
        Assert.Equal(1, link.NextWakeMs());
        system.RunFor(1);
        Assert.Equal(10, link.Read(buffer, 0, 16));
        Assert.Equal(bytes, buffer[..10]);
    }

    [Fact]
    public void A_full_transmit_fifo_takes_only_what_fits()
    {
        var system = new StandbySystem(new SystemOptions());
        var link = system.Dm.Management.Out;
        link.TransmitFifoBytes = 64;
        Assert.Equal(64, link.Write(new byte[100], 0, 100));
        Assert.Equal(0, link.Write(new byte[10], 0, 10));
    }

    [Fact]
    public void A_cut_cable_delivers_nothing()
    {
        var system = new StandbySystem(new SystemOptions());
        system.CutPeerCable(true);
        var link = system.SmuA.Wiring.Peer.Out;
        link.Write(new byte[] { 1, 2, 0 }, 0, 3);
        system.RunFor(5);
        Assert.Equal(0, link.Read(new byte[8], 0, 8));
        Assert.True(link.BytesSpoiled >= 3);
        Assert.Equal(0, system.SmuB.Firmware!.PeerLinkCounters.Delivered);
    }

    [Fact]
    public void Heavy_noise_spoils_frames_and_the_receiver_counts_them_without_acting()
    {
        var system = new StandbySystem(new SystemOptions());
        system.SetNoise(LinkNoise.Heavy);
        system.RunUntil(180_000, () => system.Serving(Side.A));
        system.RunFor(60_000);
        Assert.Null(system.Monitor.Violation);
        var counters = system.SmuB.Firmware!.PeerLinkCounters;
        Assert.True(counters.Dropped > 10, $"{counters.Dropped} dropped");
        Assert.True(counters.Delivered <= system.SmuA.Wiring.Peer.Out.IntactFramesRead);
        Assert.Equal(Mode.Standby, system.SmuB.Mode);
        Assert.True(system.Serving(Side.A));
    }
}
