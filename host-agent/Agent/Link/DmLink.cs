namespace ColdStandby.HostAgent.Link;

/// <summary>The DM's management link as a part of the link loop: its device, kept open, and its session.</summary>
internal sealed class DmLink : ILoopPart
{
    public DmLink(IHostLinkDevice device)
    {
        Device = device;
        Session = new DmSession(device);
    }

    public IHostLinkDevice Device { get; }

    public DmSession Session { get; }

    public long NextDueMs => Math.Min(Session.NextDueMs, Device.NextOpenMs);

    public void Step(long nowMs)
    {
        if (Device.Maintain(nowMs))
        {
            Session.Reconnected();
        }

        Session.Step(nowMs);
    }
}
