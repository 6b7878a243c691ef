using System.Globalization;

namespace ColdStandby.HostAgent.Network;

/// <summary>A 48-bit Ethernet address.</summary>
internal readonly record struct MacAddress(ulong Value)
{
    public static MacAddress Broadcast => new(0xFFFF_FFFF_FFFF);

    public bool IsZero => Value == 0;

    public bool IsMulticast => (Value & 0x0100_0000_0000) != 0;

    public static MacAddress FromBytes(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        for (int i = 0; i < 6; i++)
        {
            value = (value << 8) | bytes[i];
        }

        return new MacAddress(value);
    }

    /// <summary>Parses "02:00:5e:10:00:01" (colons or dashes); false for anything else.</summary>
    public static bool TryParse(string text, out MacAddress address)
    {
        address = default;
        string[] parts = text.Trim().Split(':', '-');
        if (parts.Length != 6)
        {
            return false;
        }

        ulong value = 0;
        foreach (string part in parts)
        {
            if (part.Length != 2 || !byte.TryParse(part, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out byte b))
            {
                return false;
            }

            value = (value << 8) | b;
        }

        address = new MacAddress(value);
        return true;
    }

    public void CopyTo(Span<byte> bytes)
    {
        for (int i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(Value >> (8 * (5 - i)));
        }
    }

    public override string ToString()
    {
        Span<byte> b = stackalloc byte[6];
        CopyTo(b);
        return $"{b[0]:x2}:{b[1]:x2}:{b[2]:x2}:{b[3]:x2}:{b[4]:x2}:{b[5]:x2}";
    }
}
