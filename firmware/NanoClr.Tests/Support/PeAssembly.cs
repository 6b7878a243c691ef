using System.Buffers.Binary;
using System.Text;

namespace ColdStandby.NanoClr.Tests.Support;

/// <summary>
/// One nanoFramework assembly (.pe, the MetadataProcessor's output) as the CLR reads it: name,
/// version, native checksum and the assemblies it references (CLR_RECORD_ASSEMBLY and the
/// AssemblyRef table, nf-interpreter src/CLR/Include/nanoCLR_Types.h). A deployment image (.bin) is a
/// run of them, each padded to 4 bytes.
/// </summary>
public sealed record PeAssembly(string Name, Version Version, uint NativeChecksum, byte[] Bytes, IReadOnlyList<(string Name, Version Version)> References)
{
    private const int HeaderLength = 124;
    private const int AssemblyRefTable = 0;
    private const int StringsTable = 11;
    private const int EndOfAssembly = 15;
    private const int AssemblyRefLength = 12;

    // Names of 0xFFFF - n come from the CLR's built-in string table; mscorlib names itself and is
    // named by the others that way (read from its .pe). Any other built-in name is reported.
    private const ushort BuiltInStrings = 0xFFFF - 860;

    private static readonly Lazy<ushort> MscorlibName = new(() =>
        BinaryPrimitives.ReadUInt16LittleEndian(File.ReadAllBytes(Path.ChangeExtension(Repository.Mscorlib, ".pe")).AsSpan(36)));

    public override string ToString() => $"{Name} {Version}";

    /// <summary>Splits a deployment image into its assemblies.</summary>
    public static List<PeAssembly> ReadImage(byte[] image)
    {
        var assemblies = new List<PeAssembly>();
        var raw = new List<byte[]>();
        int offset = 0;
        while (offset < image.Length)
        {
            int size = TotalSize(image, offset);
            raw.Add(image.AsSpan(offset, size).ToArray());
            offset += (size + 3) / 4 * 4;
        }

        if (offset != image.Length)
        {
            throw new InvalidDataException($"the image ends mid-assembly ({offset} of {image.Length} bytes)");
        }

        return raw.Select(bytes => Read(bytes, MscorlibName.Value)).ToList();
    }

    /// <summary>Reads one .pe file.</summary>
    public static PeAssembly ReadFile(string path) => ReadImage(File.ReadAllBytes(path)).Single();

    private static PeAssembly Read(byte[] pe, ushort mscorlibName)
    {
        var tables = new int[16];
        for (int i = 0; i < 16; i++)
        {
            tables[i] = BinaryPrimitives.ReadInt32LittleEndian(pe.AsSpan(40 + (4 * i)));
        }

        string Text(ushort index)
        {
            if (index >= BuiltInStrings)
            {
                return index == mscorlibName ? "mscorlib" : throw new InvalidDataException($"built-in string #{0xFFFF - index} as an assembly name");
            }

            int start = tables[StringsTable] + index;
            int end = Array.IndexOf(pe, (byte)0, start);
            return Encoding.UTF8.GetString(pe, start, end - start);
        }

        Version VersionAt(int offset) => new(
            BinaryPrimitives.ReadUInt16LittleEndian(pe.AsSpan(offset)),
            BinaryPrimitives.ReadUInt16LittleEndian(pe.AsSpan(offset + 2)),
            BinaryPrimitives.ReadUInt16LittleEndian(pe.AsSpan(offset + 4)),
            BinaryPrimitives.ReadUInt16LittleEndian(pe.AsSpan(offset + 6)));

        int refBytes = tables[AssemblyRefTable + 1] - tables[AssemblyRefTable] - pe[108 + AssemblyRefTable];
        var references = new List<(string, Version)>();
        for (int at = tables[AssemblyRefTable]; at < tables[AssemblyRefTable] + refBytes; at += AssemblyRefLength)
        {
            references.Add((Text(BinaryPrimitives.ReadUInt16LittleEndian(pe.AsSpan(at))), VersionAt(at + 4)));
        }

        return new PeAssembly(
            Text(BinaryPrimitives.ReadUInt16LittleEndian(pe.AsSpan(36))),
            VersionAt(28),
            BinaryPrimitives.ReadUInt32LittleEndian(pe.AsSpan(20)),
            pe,
            references);
    }

    private static int TotalSize(byte[] image, int offset)
    {
        if (image.Length - offset < HeaderLength || Encoding.ASCII.GetString(image, offset, 5) != "NFMRK")
        {
            throw new InvalidDataException($"no nanoFramework assembly header at byte {offset}");
        }

        int size = BinaryPrimitives.ReadInt32LittleEndian(image.AsSpan(offset + 40 + (4 * EndOfAssembly)));
        if (size < HeaderLength || offset + size > image.Length)
        {
            throw new InvalidDataException($"the assembly at byte {offset} claims {size} bytes");
        }

        return size;
    }

    /// <summary>The assemblies in an order where each comes after those it references (mscorlib first).</summary>
    public static List<PeAssembly> InLoadOrder(IEnumerable<PeAssembly> assemblies)
    {
        var left = assemblies.ToList();
        var ordered = new List<PeAssembly>();
        while (left.Count > 0)
        {
            var ready = left.FirstOrDefault(a => a.References.All(r => ordered.Any(o => o.Name == r.Name) || left.All(l => l.Name != r.Name)))
                ?? throw new InvalidDataException("the assemblies reference each other in a circle: " + string.Join(", ", left));
            ordered.Add(ready);
            left.Remove(ready);
        }

        return ordered;
    }
}
