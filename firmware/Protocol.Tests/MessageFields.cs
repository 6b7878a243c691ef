using System.Globalization;
using System.Reflection;
using ColdStandby.Protocol;

namespace ColdStandby.Protocol.Tests;

/// <summary>Reads, writes, compares and prints a message's fields by reflection (test side only).</summary>
internal static class MessageFields
{
    public static PropertyInfo[] Of(Message message) => message.GetType()
        .GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        .Where(p => p.CanWrite)
        .ToArray();

    public static Type[] AllMessageTypes() => typeof(Message).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(Message)) && !t.IsAbstract)
        .OrderBy(t => (byte)((Message)Activator.CreateInstance(t)!).Type)
        .ToArray();

    public static Message New(MessageType type) => new MessageSet().ForType((byte)type)!;

    public static Message Copy(Message message)
    {
        var copy = (Message)Activator.CreateInstance(message.GetType())!;
        foreach (var p in Of(message))
        {
            p.SetValue(copy, p.GetValue(message));
        }

        return copy;
    }

    public static bool SameFields(Message a, Message b) =>
        a.GetType() == b.GetType() && Of(a).All(p => Equals(p.GetValue(a), p.GetValue(b)));

    public static string Describe(Message message) =>
        message.Type + " " + string.Join(" ", Of(message).Select(p => p.Name + "=" + Format(p.GetValue(message)!)));

    public static string Format(object value) => value switch
    {
        Enum e => e.ToString().Replace(", ", "+"),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    /// <summary>Parses a field value as written in README.md: enum names (flags joined by +), numbers (decimal or 0x), true/false.</summary>
    public static object Parse(Type type, string text)
    {
        if (type.IsEnum)
        {
            return Enum.Parse(type, text.Replace("+", ","));
        }

        if (type == typeof(bool))
        {
            return bool.Parse(text);
        }

        ulong number = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.Parse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : (ulong)long.Parse(text, CultureInfo.InvariantCulture);
        return Convert.ChangeType(number, type, CultureInfo.InvariantCulture);
    }

    /// <summary>Fills every field with a random value from its type's domain; retries until the message reads back as valid.</summary>
    public static void Randomize(Message message, Random random)
    {
        var payload = new byte[Frame.MaxPayloadLength];
        for (int attempt = 0; ; attempt++)
        {
            foreach (var p in Of(message))
            {
                p.SetValue(message, RandomValue(p.PropertyType, random));
            }

            message.WritePayload(payload, 0);
            var check = Copy(message);
            if (check.ReadPayload(payload, 0))
            {
                return;
            }

            if (attempt > 1000)
            {
                throw new InvalidOperationException("cannot make a valid " + message.Type);
            }
        }
    }

    private static object RandomValue(Type type, Random random)
    {
        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            if (type.IsDefined(typeof(FlagsAttribute)))
            {
                ulong bits = 0;
                foreach (var v in values)
                {
                    ulong b = Convert.ToUInt64(v, CultureInfo.InvariantCulture);
                    if (b != 0 && (b & (b - 1)) == 0 && random.Next(2) == 1)
                    {
                        bits |= b;
                    }
                }

                return Enum.ToObject(type, bits);
            }

            return values.GetValue(random.Next(values.Length))!;
        }

        if (type == typeof(bool))
        {
            return random.Next(2) == 1;
        }

        if (type == typeof(byte))
        {
            // Small values half the time: byte fields that are bit sets (requests, fenced sides) only take 0–3.
            return (byte)(random.Next(2) == 0 ? random.Next(4) : random.Next(256));
        }

        if (type == typeof(ushort))
        {
            return (ushort)random.Next(65536);
        }

        if (type == typeof(uint))
        {
            return (uint)random.NextInt64(0, 1L << 32);
        }

        if (type == typeof(long))
        {
            return random.NextInt64(1, long.MaxValue);
        }

        throw new NotSupportedException(type.Name);
    }
}
