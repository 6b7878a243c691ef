using System.Reflection;
using ColdStandby.Protocol;
using ColdStandby.Scenarios.Values;

namespace ColdStandby.Scenarios.Tests;

/// <summary>
/// <see cref="MessageFields"/> reads and writes fields through the payload bytes by a written layout;
/// these tests hold every layout to its message class: the same fields in the same order, the same
/// values read as the properties hold, and values written land in the properties.
/// </summary>
public class MessageFieldsTests
{
    public static TheoryData<MessageType> Types()
    {
        var data = new TheoryData<MessageType>();
        foreach (var type in Enum.GetValues<MessageType>())
        {
            data.Add(type);
        }

        return data;
    }

    [Fact]
    public void Every_message_type_has_a_layout()
    {
        Assert.Equal(Enum.GetValues<MessageType>().Length, MessageFields.TypeCount);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void The_layout_names_the_message_s_fields_in_payload_order_with_their_types(MessageType type)
    {
        var properties = Properties(type);
        string wanted = string.Join(" ", properties.Select(p => $"{p.Name}:{KindName(p.PropertyType)}"));
        string have = string.Join(" ", MessageFields.Names(type).Select(n => $"{n}:{MessageFields.KindOf(type, n).Name}"));
        Assert.True(wanted == have, $"MessageFields' layout of {type} must be \"{type} {wanted}\", is \"{type} {have}\"");
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Reading_gives_the_property_values_and_setting_sets_them(MessageType type)
    {
        var random = new Random((int)type);
        for (int round = 0; round < 50; round++)
        {
            var message = new MessageSet().ForType((byte)type);
            var pairs = new List<Pair>();
            foreach (var p in Properties(type))
            {
                var kind = MessageFields.KindOf(type, p.Name);
                long value = kind.IsEnum ? kind.MemberValue(random.Next(kind.MemberCount)) : RandomValue(random, kind);
                pairs.Add(new Pair(p.Name, kind.Format(value)));
            }

            if (!pairs.Any())
            {
                Assert.Equal(MessageFields.NameOf(type), MessageFields.Describe(message));
                return;
            }

            try
            {
                MessageFields.Set(message, pairs.ToArray());
            }
            catch (FormatException)
            {
                continue; // a combination the message refuses (a field's range depends on another)
            }

            var read = MessageFields.Read(message);
            foreach (var p in Properties(type))
            {
                long property = Convert.ToInt64(p.GetValue(message));
                Assert.Equal(property, read.Value(p.Name));
                Assert.Equal(pairs.Single(x => x.Key == p.Name).Value, read.KindAt(read.IndexOf(p.Name)).Format(property));
            }
        }
    }

    [Fact]
    public void A_field_the_message_does_not_have_is_named_in_the_error()
    {
        var e = Assert.Throws<FormatException>(() => MessageFields.Set(new Kick(), [new Pair("Count", "1")]));
        Assert.Equal("Kick has no field 'Count'", e.Message);
    }

    private static PropertyInfo[] Properties(MessageType type) =>
        new MessageSet().ForType((byte)type)!.GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(p => p.CanWrite)
            .OrderBy(p => p.MetadataToken)
            .ToArray();

    private static string KindName(Type type) =>
        type.IsEnum ? type.Name
        : type == typeof(bool) ? "bool"
        : type == typeof(byte) ? "u8"
        : type == typeof(ushort) ? "u16"
        : type == typeof(uint) ? "u32"
        : type == typeof(long) ? "i64"
        : type.Name;

    private static long RandomValue(Random random, ValueKind kind) => kind.Name switch
    {
        "bool" => random.Next(2),
        "u8" => random.Next(256),
        "u16" => random.Next(65536),
        "u32" => random.NextInt64(0, 1L << 32),
        _ => random.NextInt64(long.MinValue, long.MaxValue),
    };
}
