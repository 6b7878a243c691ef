using ColdStandby.Hardware;

namespace ColdStandby.HostAgent.Link;

/// <summary>
/// A serial device the link loop owns: opened and reopened by <see cref="Maintain"/>, read and
/// written without blocking, and (on Linux) waited on through its descriptor. On Linux it is a
/// <see cref="TtyLink"/>; elsewhere System.IO.Ports (<see cref="SerialHostLink"/>), which the loop
/// can only step at a fixed pace.
/// </summary>
internal interface IHostLinkDevice : IByteChannel, IDisposable
{
    /// <summary>Raised on the loop thread when the device opens (true) or is lost (false), with the reason.</summary>
    event Action<bool, string?>? StateChanged;

    /// <summary>Gets the device path.</summary>
    string Device { get; }

    /// <summary>Gets whether the device is open.</summary>
    bool IsOpen { get; }

    /// <summary>Gets how many times the device was opened.</summary>
    int Opens { get; }

    /// <summary>Gets how many times the device was lost after being open.</summary>
    int Losses { get; }

    /// <summary>Gets why the device was last lost or could not be opened.</summary>
    string? LastError { get; }

    /// <summary>Gets the descriptor to wait on, or -1 (closed, or a device that cannot be waited on).</summary>
    int PollFd { get; }

    /// <summary>Gets whether bytes wait to be written (wait for the device to take more).</summary>
    bool WantsWrite { get; }

    /// <summary>Gets when the next attempt to open a closed device is due; <see cref="long.MaxValue"/> when open.</summary>
    long NextOpenMs { get; }

    /// <summary>Opens a closed device when due, pushes pending bytes; true when it was (re)opened since the last call.</summary>
    bool Maintain(long nowMs);

    /// <summary>Hands over what poll said of the descriptor (a hang-up closes the device).</summary>
    void Polled(short revents);

    /// <summary>Closes the device as if it had been unplugged (a retry follows).</summary>
    void Drop(string reason);
}
