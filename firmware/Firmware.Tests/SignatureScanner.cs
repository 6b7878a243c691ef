using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace ColdStandby.Firmware.Tests;

/// <summary>What a decoded signature holds that the board cannot run, e.g. (GenericInstantiation, "System.Action`1&lt;int&gt;").</summary>
public readonly record struct SignatureFeature(FirmwareRule Rule, string What);

/// <summary>
/// Decodes signature blobs (fields, methods, locals, type and method specs) into readable text, and on the way
/// notes every generic instantiation, multidimensional array and float/double it meets, however deeply nested:
/// <c>Action&lt;double[,]&gt;</c> gives all three. Also tells who references which type, so a type-reference
/// finding can name the members that use it.
/// </summary>
public sealed class SignatureScanner(Action<TypeReferenceHandle> typeReferenceSeen)
    : ISignatureTypeProvider<string, object?>
{
    readonly List<SignatureFeature> features = [];

    /// <summary>Decodes with <paramref name="decode"/> and hands back the text and what it held.</summary>
    public (string Text, IReadOnlyList<SignatureFeature> Features) Scan(Func<SignatureScanner, string> decode)
    {
        features.Clear();
        var text = decode(this);
        return (text, features.Distinct().ToList());
    }

    public string GetArrayType(string elementType, ArrayShape shape)
    {
        var text = $"{elementType}[{new string(',', shape.Rank - 1)}]";
        features.Add(new(FirmwareRule.MultidimensionalArray, text));
        return text;
    }

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
    {
        var text = $"{genericType}<{string.Join(", ", typeArguments)}>";
        features.Add(new(FirmwareRule.GenericInstantiation, text));
        return text;
    }

    public string GetPrimitiveType(PrimitiveTypeCode typeCode)
    {
        var text = Keyword(typeCode);
        if (typeCode is PrimitiveTypeCode.Single or PrimitiveTypeCode.Double)
            features.Add(new(FirmwareRule.FloatingPoint, text));
        return text;
    }

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
    {
        typeReferenceSeen(handle);
        return MetadataNames.OfType(reader, handle);
    }

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
        MetadataNames.OfType(reader, handle);

    public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public string GetSZArrayType(string elementType) => elementType + "[]";
    public string GetByReferenceType(string elementType) => elementType + "&";
    public string GetPointerType(string elementType) => elementType + "*";
    public string GetPinnedType(string elementType) => elementType + " pinned";
    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
    public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
    public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

    public string GetFunctionPointerType(MethodSignature<string> signature) =>
        $"delegate*<{string.Join(", ", signature.ParameterTypes.Append(signature.ReturnType))}>";

    /// <summary>A method signature as C#-like text: <c>void (int, System.Action`1&lt;int&gt;)</c>.</summary>
    public static string Render(MethodSignature<string> signature) =>
        $"{signature.ReturnType} ({string.Join(", ", signature.ParameterTypes)})";

    static string Keyword(PrimitiveTypeCode typeCode) => typeCode switch
    {
        PrimitiveTypeCode.Boolean => "bool",
        PrimitiveTypeCode.Byte => "byte",
        PrimitiveTypeCode.SByte => "sbyte",
        PrimitiveTypeCode.Char => "char",
        PrimitiveTypeCode.Int16 => "short",
        PrimitiveTypeCode.UInt16 => "ushort",
        PrimitiveTypeCode.Int32 => "int",
        PrimitiveTypeCode.UInt32 => "uint",
        PrimitiveTypeCode.Int64 => "long",
        PrimitiveTypeCode.UInt64 => "ulong",
        PrimitiveTypeCode.Single => "float",
        PrimitiveTypeCode.Double => "double",
        PrimitiveTypeCode.String => "string",
        PrimitiveTypeCode.Object => "object",
        PrimitiveTypeCode.Void => "void",
        PrimitiveTypeCode.IntPtr => "nint",
        PrimitiveTypeCode.UIntPtr => "nuint",
        PrimitiveTypeCode.TypedReference => "System.TypedReference",
        _ => typeCode.ToString(),
    };
}
