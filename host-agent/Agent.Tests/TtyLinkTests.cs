using System.Diagnostics;
using ColdStandby.HostAgent.Link;
using ColdStandby.HostAgent.TestRig;

namespace ColdStandby.HostAgent.Tests;

/// <summary>The agent's serial channel (its own tty code) over a real pseudo-terminal.</summary>
public sealed class TtyLinkTests
{
    [Fact]
    public void Bytes_handed_out_in_small_pieces_arrive_whole_and_in_order_while_the_next_read_is_under_way()
    {
        using var pty = new Pty();
        using var link = new TtyLink(pty.SlavePath, 115200, 250);
        Assert.True(link.Maintain(0), link.LastError);

        var sent = new byte[20_000];
        new Random(1).NextBytes(sent);
        var got = new List<byte>(sent.Length);
        var piece = new byte[16];
        int written = 0;
        var clock = Stopwatch.StartNew();
        while (got.Count < sent.Length && clock.ElapsedMilliseconds < 20_000)
        {
            if (written < sent.Length)
            {
                written += pty.Write(sent, written, Math.Min(700, sent.Length - written));
            }

            // A few small pieces a turn, as FrameLink takes them: the rest waits in the link while
            // the next read from the device completes.
            for (int i = 0; i < 3; i++)
            {
                int n = link.Read(piece, 0, piece.Length);
                got.AddRange(piece.AsSpan(0, n).ToArray());
            }

            Thread.Sleep(1);
        }

        Assert.Equal(sent.Length, got.Count);
        Assert.True(sent.AsSpan().SequenceEqual(got.ToArray()), "bytes were lost or overwritten");
    }
}
