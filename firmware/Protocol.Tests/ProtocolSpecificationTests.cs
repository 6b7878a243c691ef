using System.Globalization;
using System.Text.RegularExpressions;
using ColdStandby.Protocol;

namespace ColdStandby.Protocol.Tests;

/// <summary>
/// firmware/Protocol/README.md is the byte-exact specification: these tests read it and hold the
/// code to it (field tables, sizes, CRC check value, every hex example), so neither can drift.
/// </summary>
public partial class ProtocolSpecificationTests
{
    private static readonly string Readme = File.ReadAllText(RepositoryFile("firmware/Protocol/README.md"));

    public static TheoryData<string> ExampleRows()
    {
        var data = new TheoryData<string>();
        foreach (var row in ExampleTable())
        {
            data.Add(row);
        }

        return data;
    }

    [Fact]
    public void The_page_states_the_crc_check_value_and_frame_limits_the_code_uses()
    {
        var crc = CheckValueLine().Match(Readme);
        Assert.True(crc.Success, "README.md must state the CRC check value");
        Assert.Equal(Crc32C.CheckValue, uint.Parse(crc.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

        var limits = LimitsLine().Match(Readme);
        Assert.True(limits.Success, "README.md must state the frame length limits");
        Assert.Equal(Frame.MaxFrameLength, int.Parse(limits.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal(Frame.MaxEncodedLength, int.Parse(limits.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.Equal(Frame.MaxWireLength, int.Parse(limits.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Every_message_type_has_a_section_whose_field_table_matches_the_code()
    {
        var sections = Sections();
        foreach (MessageType type in Enum.GetValues<MessageType>())
        {
            Assert.True(sections.ContainsKey(type), $"README.md has no section for 0x{(byte)type:X2} {type}");
            var (name, rows, length) = sections[type];
            Assert.Equal(type.ToString(), name);

            var message = MessageFields.New(type);
            Assert.Equal(message.PayloadLength, length);
            var properties = MessageFields.Of(message);
            Assert.Equal(properties.Select(p => p.Name), rows.Select(r => r.Field));

            int expectedOffset = 0;
            foreach (var row in rows)
            {
                Assert.Equal(expectedOffset, row.Offset);
                expectedOffset += row.Size;
                AssertFieldLandsAt(type, row.Field, row.Offset, row.Size);
            }

            Assert.Equal(message.PayloadLength, expectedOffset);
        }

        Assert.Equal(Enum.GetValues<MessageType>().Length, sections.Count);
    }

    [Fact]
    public void The_examples_cover_every_message_type()
    {
        var covered = ExampleTable().Select(r => Enum.Parse<MessageType>(Cells(r)[0])).ToHashSet();
        Assert.Equal(Enum.GetValues<MessageType>().ToHashSet(), covered);
    }

    [Theory]
    [MemberData(nameof(ExampleRows))]
    public void Each_example_is_what_the_code_encodes_and_decodes(string row)
    {
        var cells = Cells(row);
        var message = MessageFields.New(Enum.Parse<MessageType>(cells[0]));
        foreach (var assignment in cells[1].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = assignment.Split('=');
            var property = message.GetType().GetProperty(parts[0]) ?? throw new Xunit.Sdk.XunitException($"{message.Type} has no field {parts[0]}");
            property.SetValue(message, MessageFields.Parse(property.PropertyType, parts[1]));
        }

        ushort sequence = ushort.Parse(cells[2], CultureInfo.InvariantCulture);
        byte[] frame = Hex(cells[3]);
        byte[] wire = Hex(cells[4]);

        var scratch = new byte[Frame.MaxFrameLength];
        var output = new byte[Frame.MaxWireLength];
        int n = FrameWriter.Encode(message, sequence, scratch, output, 0);
        Assert.Equal(ToHex(frame), ToHex(scratch[..frame.Length]));
        Assert.Equal(ToHex(wire), ToHex(output[..n]));

        var reader = new FrameReader();
        bool delivered = false;
        foreach (byte b in wire)
        {
            delivered = reader.Push(b);
        }

        Assert.True(delivered);
        Assert.Equal(sequence, reader.Sequence);
        Assert.True(MessageFields.SameFields(message, reader.Message!), MessageFields.Describe(reader.Message!));
    }

    private static void AssertFieldLandsAt(MessageType type, string field, int offset, int size)
    {
        var message = MessageFields.New(type);
        var property = message.GetType().GetProperty(field)!;
        property.SetValue(message, NonZero(property.PropertyType));
        var payload = new byte[Frame.MaxPayloadLength];
        message.WritePayload(payload, 0);
        for (int i = 0; i < message.PayloadLength; i++)
        {
            bool inside = i >= offset && i < offset + size;
            if (!inside)
            {
                Assert.True(payload[i] == 0, $"{type}.{field} wrote byte {i}, outside offset {offset} size {size}");
            }
        }

        Assert.True(payload.Skip(offset).Take(size).Any(b => b != 0), $"{type}.{field} wrote nothing at offset {offset}");
        Assert.True(payload[offset + size - 1] != 0, $"{type}.{field}: the top byte of a {size}-byte field was not written (size wrong?)");
    }

    private static object NonZero(Type type)
    {
        if (type.IsEnum)
        {
            // Every bit of the field's width set, so the top byte shows where the field ends.
            return Enum.ToObject(type, Enum.GetUnderlyingType(type) == typeof(ushort) ? 0xFFFF : 0xFF);
        }

        if (type == typeof(bool))
        {
            return true;
        }

        if (type == typeof(byte))
        {
            return (byte)0xFF;
        }

        if (type == typeof(ushort))
        {
            return (ushort)0xFFFF;
        }

        if (type == typeof(uint))
        {
            return 0xFFFFFFFFu;
        }

        return type == typeof(long) ? -1L : throw new NotSupportedException(type.Name);
    }

    private static Dictionary<MessageType, (string Name, List<(int Offset, int Size, string Field)> Rows, int Length)> Sections()
    {
        var result = new Dictionary<MessageType, (string, List<(int, int, string)>, int)>();
        var matches = SectionHeading().Matches(Readme);
        for (int i = 0; i < matches.Count; i++)
        {
            int start = matches[i].Index;
            int end = i + 1 < matches.Count ? matches[i + 1].Index : Readme.IndexOf("## Examples", start, StringComparison.Ordinal);
            string body = Readme[start..end];
            var type = (MessageType)byte.Parse(matches[i].Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var rows = FieldRow().Matches(body)
                .Select(m => (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m.Groups[3].Value))
                .ToList();
            var length = PayloadLengthLine().Match(body);
            Assert.True(length.Success, $"section {matches[i].Value} states no payload length");
            string stated = length.Groups[1].Success ? length.Groups[1].Value : length.Groups[2].Value;
            result[type] = (matches[i].Groups[2].Value, rows, int.Parse(stated, CultureInfo.InvariantCulture));
        }

        return result;
    }

    private static IEnumerable<string> ExampleTable()
    {
        int start = Readme.IndexOf("## Examples", StringComparison.Ordinal);
        int end = Readme.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
        return Readme[start..end].Split('\n')
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains('`'))
            .Select(l => l.Trim());
    }

    private static string[] Cells(string row) =>
        row.Trim('|').Split('|').Select(c => c.Trim().Trim('`')).ToArray();

    private static byte[] Hex(string text) => Convert.FromHexString(text.Replace(" ", ""));

    private static string ToHex(byte[] bytes) => string.Join(" ", bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    internal static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "nf.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new FileNotFoundException("nf.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"Check value: CRC of the ASCII bytes\s+`123456789` = `0x([0-9A-Fa-f]{8})`")]
    private static partial Regex CheckValueLine();

    [GeneratedRegex(@"at most (\d+) bytes before and (\d+) bytes after encoding, (\d+) with its delimiter")]
    private static partial Regex LimitsLine();

    [GeneratedRegex(@"^### 0x([0-9A-F]{2}) (\w+)$", RegexOptions.Multiline)]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"^\| (\d+) \| (\d+) \| (\w+) \|", RegexOptions.Multiline)]
    private static partial Regex FieldRow();

    [GeneratedRegex(@"Payload length (\d+)\.|No payload \(length (\d+)\)")]
    private static partial Regex PayloadLengthLine();
}
