using System.Globalization;
using System.Reflection;
using ColdStandby.Protocol;

namespace ColdStandby.Smu.Tests.Runner;

/// <summary>Reads, writes, parses and prints message fields by reflection (test side only).</summary>
public static class Fields
{
    public static PropertyInfo[] Of(Type type) => type
        .GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        .Where(p => p.CanWrite)
        .ToArray();

    public static MessageType TypeNamed(string name) =>
        Enum.TryParse(name, out MessageType type) && Enum.IsDefined(type)
            ? type
            : throw new FormatException($"no message type '{name}'");

    public static Dictionary<string, object> Snapshot(Message message)
    {
        var fields = new Dictionary<string, object>();
        foreach (var p in Of(message.GetType()))
        {
            fields[p.Name] = p.GetValue(message)!;
        }

        return fields;
    }

    public static void Set(Message message, string name, string text)
    {
        var property = Of(message.GetType()).FirstOrDefault(p => p.Name == name)
            ?? throw new FormatException($"{message.Type} has no field '{name}'");
        property.SetValue(message, Parse(property.PropertyType, text));
    }

    public static Type FieldType(MessageType type, string name)
    {
        var message = new MessageSet().ForType((byte)type)!;
        return (Of(message.GetType()).FirstOrDefault(p => p.Name == name)
            ?? throw new FormatException($"{type} has no field '{name}'")).PropertyType;
    }

    public static string Format(object value) => value switch
    {
        Enum e => e.ToString().Replace(", ", "+"),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    /// <summary>Parses enum names (flags joined by +) or numbers, decimal or 0x, and true/false or 1/0.</summary>
    public static object Parse(Type type, string text)
    {
        if (type.IsEnum)
        {
            if (char.IsDigit(text[0]))
            {
                return Enum.ToObject(type, ParseNumber(text));
            }

            return Enum.Parse(type, text.Replace("+", ","));
        }

        if (type == typeof(bool))
        {
            return text switch
            {
                "1" or "true" => true,
                "0" or "false" => false,
                _ => throw new FormatException($"'{text}' is not true/false"),
            };
        }

        return Convert.ChangeType(ParseNumber(text), type, CultureInfo.InvariantCulture);
    }

    private static long ParseNumber(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.Parse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : long.Parse(text, CultureInfo.InvariantCulture);
}
