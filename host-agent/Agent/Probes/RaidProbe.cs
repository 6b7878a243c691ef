using System.Security.Cryptography;
using ColdStandby.HostAgent.Native;

namespace ColdStandby.HostAgent.Probes;

/// <summary>
/// The RAID controller probe from the paper: write a small file on the shared volume, force it to
/// the disks (fsync), drop it from the page cache, read it back and compare. Each probe writes new
/// random bytes, so a controller that acknowledges writes it never did is caught too.
/// </summary>
internal sealed class RaidProbe : IProbe
{
    private readonly string _path;
    private readonly byte[] _written;
    private readonly byte[] _read;

    public RaidProbe(string path, int bytes)
    {
        _path = path;
        _written = new byte[bytes];
        _read = new byte[bytes];
    }

    public string Name => "RAID";

    public string? Run(int deadlineMs)
    {
        RandomNumberGenerator.Fill(_written);
        try
        {
            using (var stream = new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.None, 1))
            {
                stream.Write(_written);
                stream.Flush(flushToDisk: true);
            }

            using (var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.None, 1))
            {
                if (OperatingSystem.IsLinux())
                {
                    // The page cache still holds what was written: drop it so the read goes to the disks.
                    Libc.posix_fadvise((int)stream.SafeFileHandle.DangerousGetHandle(), 0, 0, Libc.POSIX_FADV_DONTNEED);
                }

                int total = 0;
                while (total < _read.Length)
                {
                    int n = stream.Read(_read, total, _read.Length - total);
                    if (n == 0)
                    {
                        return $"read back {total} of {_read.Length} bytes from {_path}";
                    }

                    total += n;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{_path}: {e.Message}";
        }

        return _read.AsSpan().SequenceEqual(_written) ? null : $"{_path}: read back other bytes than were written";
    }
}
