using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace ColdStandby.Firmware.Tests;

/// <summary>One IL instruction; <see cref="Token"/> is the metadata operand, nil when it has none.</summary>
public readonly record struct IlInstruction(OpCode OpCode, EntityHandle Token);

/// <summary>Walks a method body's IL: the opcodes, and the metadata rows they name (calls, fields, types).</summary>
public static class IlReader
{
    // System.Reflection.Emit already knows every opcode and its operand kind: no hand-kept opcode table.
    static readonly Dictionary<ushort, OpCode> ByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(opCode => unchecked((ushort)opCode.Value));

    const byte TwoByteOpcodePrefix = 0xFE;

    public static IEnumerable<IlInstruction> Read(MethodBodyBlock body)
    {
        var il = body.GetILReader();
        var instructions = new List<IlInstruction>();
        while (il.RemainingBytes > 0)
        {
            var opCode = NextOpCode(ref il);
            var token = ReadOperand(ref il, opCode.OperandType);
            instructions.Add(new(opCode, token));
        }
        return instructions;
    }

    static OpCode NextOpCode(ref BlobReader il)
    {
        ushort value = il.ReadByte();
        if (value == TwoByteOpcodePrefix) value = (ushort)((value << 8) | il.ReadByte());
        return ByValue.TryGetValue(value, out var opCode)
            ? opCode
            : throw new BadImageFormatException($"unknown IL opcode 0x{value:X} at offset {il.Offset}");
    }

    /// <summary>Skips the operand; returns it as a metadata handle when it names a row.</summary>
    static EntityHandle ReadOperand(ref BlobReader il, OperandType operandType)
    {
        switch (operandType)
        {
            case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok
                or OperandType.InlineType or OperandType.InlineSig:
                return MetadataTokens.EntityHandle(il.ReadInt32());
            case OperandType.InlineSwitch:
                // Read the target count before moving: `il.Offset += 4 * il.ReadInt32()` would take
                // Offset before the read and land 4 bytes short, inside the jump table.
                int targets = il.ReadInt32();
                il.Offset += 4 * targets;
                return default;
            default:
                il.Offset += OperandSize(operandType);
                return default;
        }
    }

    static int OperandSize(OperandType operandType) => operandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4, // InlineBrTarget, InlineI, InlineString, ShortInlineR
    };
}
