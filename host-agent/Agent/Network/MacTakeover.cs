using System.Text.RegularExpressions;
using ColdStandby.HostAgent.Config;
using ColdStandby.HostAgent.Native;

namespace ColdStandby.HostAgent.Network;

/// <summary>What the MAC takeover did.</summary>
internal sealed record MacTakeoverResult(MacAddress Business, MacAddress Before, bool Changed, bool Recorded, string Interface);

/// <summary>
/// Network address takeover (DESIGN.md §1): whichever server boots the one OS image, its business
/// NIC gets the business MAC from the configuration before the network comes up, so clients'
/// ARP caches stay valid across a failover. On the first install, when no business MAC is
/// configured yet, the NIC's burned-in MAC is recorded in the configuration file: from then on
/// the first server's address follows the service.
/// </summary>
internal static partial class MacTakeover
{
    /// <summary>Sets the business MAC on the configured NIC (recording it first when none is configured).</summary>
    /// <param name="config">The configuration; its network section is required.</param>
    /// <param name="allowLinkBounce">Whether a NIC that refuses a live change may be taken down and up again (only before the network is configured).</param>
    public static MacTakeoverResult Apply(AgentConfig config, bool allowLinkBounce)
    {
        var network = config.Network ?? throw new InvalidOperationException("network: no network section in the configuration; nothing to take over");
        string nic = network.Interface;
        var before = NetDevice.HardwareAddress(nic);
        bool recorded = false;
        if (network.BusinessMac is null)
        {
            var burnedIn = NetDevice.PermanentAddress(nic) ?? before;
            RecordBusinessMac(config.Path, burnedIn);
            network.BusinessMac = burnedIn;
            recorded = true;
        }

        var business = network.BusinessMac.Value;
        if (before == business)
        {
            return new MacTakeoverResult(business, before, false, recorded, nic);
        }

        short flags = NetDevice.Flags(nic);
        bool up = (flags & Libc.IFF_UP) != 0;
        try
        {
            NetDevice.SetHardwareAddress(nic, business);
        }
        catch (IOException) when (up && allowLinkBounce)
        {
            // Most NICs take a new address only while down.
            NetDevice.SetFlags(nic, (short)(flags & ~Libc.IFF_UP));
            try
            {
                NetDevice.SetHardwareAddress(nic, business);
            }
            finally
            {
                NetDevice.SetFlags(nic, flags);
            }
        }

        return new MacTakeoverResult(business, before, true, recorded, nic);
    }

    /// <summary>Writes network.businessMac into the configuration file, keeping the rest of it (comments too) as it was.</summary>
    public static void RecordBusinessMac(string path, MacAddress mac)
    {
        string text = File.ReadAllText(path);
        string value = $"\"businessMac\": \"{mac}\"";
        string updated;
        if (BusinessMacKey().IsMatch(text))
        {
            updated = BusinessMacKey().Replace(text, value, 1);
        }
        else if (NetworkSection().IsMatch(text))
        {
            updated = NetworkSection().Replace(text, m => $"{m.Value}\n    {value},", 1);
        }
        else
        {
            throw new InvalidOperationException($"{path}: no network section to record the business MAC in");
        }

        var (_, errors) = AgentConfig.Parse(updated, path);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"{path}: recording the business MAC would break the file: {string.Join("; ", errors)}");
        }

        string temporary = path + ".new";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(updated);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
        }

        File.Move(temporary, path, overwrite: true);
    }

    [GeneratedRegex("\"businessMac\"\\s*:\\s*(null|\"[^\"]*\")")]
    private static partial Regex BusinessMacKey();

    [GeneratedRegex("\"network\"\\s*:\\s*\\{")]
    private static partial Regex NetworkSection();
}
