using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace ColdStandby.Firmware.Tests;

/// <summary>
/// Reads one assembly built for nanoFramework and lists what a nanoFramework 1.17 board cannot run (the rules of
/// <see cref="FirmwareRule"/>). It reads metadata and IL only; nothing is loaded or run.
/// </summary>
public sealed class FirmwareAssemblyCheck
{
    public static IReadOnlyList<Finding> Run(string assemblyPath, string mscorlibPath) =>
        Run(assemblyPath, Mscorlib.Load(mscorlibPath));

    public static IReadOnlyList<Finding> Run(string assemblyPath, Mscorlib mscorlib)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        return new FirmwareAssemblyCheck(pe, mscorlib).CheckAll();
    }

    const string NoMember = "(metadata table, no member uses it)";

    readonly PEReader pe;
    readonly MetadataReader md;
    readonly Mscorlib mscorlib;
    readonly string assembly;
    readonly SignatureScanner signatures;
    readonly List<Finding> findings = [];
    // Which members name each type reference, so a finding on the reference can say where to look.
    readonly Dictionary<TypeReferenceHandle, List<string>> typeReferenceUsers = [];
    // Spec and member-reference rows reached from some member; the rest are still checked, without a member.
    readonly HashSet<EntityHandle> reached = [];
    string decodingFor = NoMember;

    FirmwareAssemblyCheck(PEReader pe, Mscorlib mscorlib)
    {
        this.pe = pe;
        this.mscorlib = mscorlib;
        md = pe.GetMetadataReader();
        assembly = md.IsAssembly ? md.GetString(md.GetAssemblyDefinition().Name) : "(module)";
        signatures = new SignatureScanner(reference => NoteUse(reference, decodingFor));
    }

    IReadOnlyList<Finding> CheckAll()
    {
        CheckGenericParameters();
        foreach (var type in md.TypeDefinitions) CheckType(type);
        CheckCustomAttributes();
        CheckRowsNoMemberReached();
        CheckTypeReferences();
        CheckOwnTypesAgainstDenyList();
        return findings.Distinct().ToList();
    }

    // Rule 1: generic parameters on our own types and methods.
    void CheckGenericParameters()
    {
        foreach (var handle in md.TypeDefinitions)
        {
            var parameters = md.GetTypeDefinition(handle).GetGenericParameters();
            if (parameters.Count > 0)
                Report(FirmwareRule.GenericParameter, MetadataNames.OfType(md, handle),
                    $"generic type, type parameters <{Names(parameters)}>");
        }
        foreach (var handle in md.MethodDefinitions)
        {
            var parameters = md.GetMethodDefinition(handle).GetGenericParameters();
            if (parameters.Count > 0)
                Report(FirmwareRule.GenericParameter, MetadataNames.OfMethod(md, handle),
                    $"generic method, type parameters <{Names(parameters)}>");
        }
    }

    // Rules 2-4 in everything a type declares: base, interfaces, fields, properties, events, methods.
    void CheckType(TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        var name = MetadataNames.OfType(md, handle);
        if (!type.BaseType.IsNil) Use(type.BaseType, name, "base type");
        foreach (var implementation in type.GetInterfaceImplementations())
            Use(md.GetInterfaceImplementation(implementation).Interface, name, "implemented interface");
        foreach (var field in type.GetFields())
            Decode(MetadataNames.OfField(md, field), "field type",
                scanner => md.GetFieldDefinition(field).DecodeSignature(scanner, null));
        foreach (var property in type.GetProperties())
            Decode(MetadataNames.Describe(md, property), "property type",
                scanner => SignatureScanner.Render(md.GetPropertyDefinition(property).DecodeSignature(scanner, null)));
        foreach (var @event in type.GetEvents())
            Use(md.GetEventDefinition(@event).Type, MetadataNames.Describe(md, @event), "event type");
        foreach (var methodImplementation in type.GetMethodImplementations())
            Use(md.GetMethodImplementation(methodImplementation).MethodDeclaration, name, "explicitly implemented method");
        foreach (var method in type.GetMethods()) CheckMethod(method);
    }

    void CheckMethod(MethodDefinitionHandle handle)
    {
        var method = md.GetMethodDefinition(handle);
        var location = MetadataNames.OfMethod(md, handle);
        Decode(location, "signature", scanner => SignatureScanner.Render(method.DecodeSignature(scanner, null)));
        if (method.RelativeVirtualAddress == 0) return; // abstract, extern or interface: no body
        var body = pe.GetMethodBody(method.RelativeVirtualAddress);
        if (!body.LocalSignature.IsNil)
            Decode(location, "local variables", scanner => string.Join(", ",
                md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(scanner, null)));
        foreach (var region in body.ExceptionRegions)
            if (!region.CatchType.IsNil) Use(region.CatchType, location, "catch clause");
        foreach (var instruction in IlReader.Read(body)) CheckInstruction(instruction, location);
    }

    // Rules 4 and 6 in IL (float opcodes, localloc), and rules 2-4 in whatever an instruction names.
    void CheckInstruction(IlInstruction instruction, string location)
    {
        var opCode = instruction.OpCode;
        if (FloatingPoint.Opcodes.Contains(opCode))
            Report(FirmwareRule.FloatingPoint, location, $"IL instruction {opCode.Name}");
        if (opCode == DenyList.StackAlloc)
            Report(FirmwareRule.DenyList, location, $"IL instruction {opCode.Name}: {DenyList.StackAllocWhy}");
        if (!instruction.Token.IsNil) Use(instruction.Token, location, $"operand of {opCode.Name}");
    }

    void CheckCustomAttributes()
    {
        foreach (var handle in md.CustomAttributes)
        {
            var attribute = md.GetCustomAttribute(handle);
            Use(attribute.Constructor, MetadataNames.Describe(md, attribute.Parent), "custom attribute");
        }
    }

    // A spec or member reference that no member led to is still in the assembly: check it without a location.
    void CheckRowsNoMemberReached()
    {
        foreach (var table in new[] { TableIndex.TypeSpec, TableIndex.MethodSpec, TableIndex.MemberRef })
            for (var row = 1; row <= md.GetTableRowCount(table); row++)
            {
                var handle = MetadataTokens.EntityHandle(table, row);
                if (!reached.Contains(handle)) Use(handle, NoMember, "metadata row");
            }
    }

    // Rules 5 and 6 (and float types named outright) on every type the assembly references.
    void CheckTypeReferences()
    {
        foreach (var handle in md.TypeReferences)
        {
            var name = MetadataNames.OfType(md, handle);
            var usedBy = UsersOf(handle);
            if (ResolvesToMscorlib(handle) && !mscorlib.Defines(name))
                Report(FirmwareRule.MissingFromMscorlib, usedBy,
                    $"references {name}, which nanoFramework's mscorlib {mscorlib.Version} does not define");
            if (DenyList.Match(name) is { } denied)
                Report(FirmwareRule.DenyList, usedBy, $"references {name}: {denied.Why}");
            if (FloatingPoint.TypeNames.Contains(name))
                Report(FirmwareRule.FloatingPoint, usedBy, $"references {name}");
        }
    }

    // A library that brings its own System.Text.StringBuilder or AsyncStateMachineAttribute is working around rule 6.
    void CheckOwnTypesAgainstDenyList()
    {
        foreach (var handle in md.TypeDefinitions)
        {
            var name = MetadataNames.OfType(md, handle);
            if (DenyList.Match(name) is { } denied)
                Report(FirmwareRule.DenyList, name, $"defines {name} itself: {denied.Why}");
        }
    }

    /// <summary>Follows a row a member names (type, spec, member reference, method spec) and checks what it holds.</summary>
    void Use(EntityHandle handle, string location, string context)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeReference:
                NoteUse((TypeReferenceHandle)handle, location);
                break;
            case HandleKind.TypeSpecification:
                reached.Add(handle);
                var typeSpec = md.GetTypeSpecification((TypeSpecificationHandle)handle);
                Decode(location, context, scanner => typeSpec.DecodeSignature(scanner, null));
                break;
            case HandleKind.MemberReference:
                UseMemberReference((MemberReferenceHandle)handle, location, context);
                break;
            case HandleKind.MethodSpecification:
                UseMethodSpecification((MethodSpecificationHandle)handle, location, context);
                break;
            case HandleKind.StandaloneSignature: // calli
                var callSite = md.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                Decode(location, context, scanner => SignatureScanner.Render(callSite.DecodeMethodSignature(scanner, null)));
                break;
        }
    }

    void UseMemberReference(MemberReferenceHandle handle, string location, string context)
    {
        reached.Add(handle);
        var member = md.GetMemberReference(handle);
        Use(member.Parent, location, context);
        var name = NameOf(handle);
        Decode(location, $"{context} {name}", scanner => member.GetKind() == MemberReferenceKind.Method
            ? SignatureScanner.Render(member.DecodeMethodSignature(scanner, null))
            : member.DecodeFieldSignature(scanner, null));
    }

    // Rule 2 for generic method calls: every MethodSpec is one.
    void UseMethodSpecification(MethodSpecificationHandle handle, string location, string context)
    {
        reached.Add(handle);
        var spec = md.GetMethodSpecification(handle);
        var arguments = Decode(location, $"{context} type arguments",
            scanner => string.Join(", ", spec.DecodeSignature(scanner, null)));
        Report(FirmwareRule.GenericInstantiation, location,
            $"generic method call {NameOf(spec.Method)}<{arguments}> ({context})");
        Use(spec.Method, location, context);
    }

    /// <summary>Decodes a signature for <paramref name="location"/>, reports what it holds, returns its text.</summary>
    string Decode(string location, string context, Func<SignatureScanner, string> decode)
    {
        decodingFor = location;
        var (text, features) = signatures.Scan(decode);
        foreach (var feature in features)
            Report(feature.Rule, location, $"{Explain(feature)} in {context}: {text}");
        return text;
    }

    static string Explain(SignatureFeature feature) => feature.Rule switch
    {
        FirmwareRule.GenericInstantiation => "generic instantiation " + feature.What,
        FirmwareRule.MultidimensionalArray => "multidimensional array " + feature.What,
        FirmwareRule.FloatingPoint => "floating-point type " + feature.What,
        _ => feature.What,
    };

    void NoteUse(TypeReferenceHandle handle, string location)
    {
        if (!typeReferenceUsers.TryGetValue(handle, out var users)) typeReferenceUsers[handle] = users = [];
        if (!users.Contains(location)) users.Add(location);
    }

    string UsersOf(TypeReferenceHandle handle)
    {
        const int shown = 3;
        if (!typeReferenceUsers.TryGetValue(handle, out var users) || users.Count == 0) return NoMember;
        var more = users.Count > shown ? $" and {users.Count - shown} more" : "";
        return string.Join(", ", users.Take(shown)) + more;
    }

    bool ResolvesToMscorlib(TypeReferenceHandle handle)
    {
        var scope = MetadataNames.RootScope(md, handle);
        return scope.Kind == HandleKind.AssemblyReference
            && md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)scope).Name) == "mscorlib";
    }

    /// <summary>Type::member for a method or member reference, the type spelled out even when generic.</summary>
    string NameOf(EntityHandle handle)
    {
        if (handle.Kind != HandleKind.MemberReference) return MetadataNames.Describe(md, handle);
        var member = md.GetMemberReference((MemberReferenceHandle)handle);
        var parent = member.Parent.Kind == HandleKind.TypeSpecification
            ? md.GetTypeSpecification((TypeSpecificationHandle)member.Parent).DecodeSignature(new SignatureScanner(_ => { }), null)
            : MetadataNames.Describe(md, member.Parent);
        return parent + "::" + md.GetString(member.Name);
    }

    string Names(GenericParameterHandleCollection parameters) =>
        string.Join(", ", parameters.Select(parameter => md.GetString(md.GetGenericParameter(parameter).Name)));

    void Report(FirmwareRule rule, string location, string detail) =>
        findings.Add(new Finding(rule, assembly, location, detail));
}
