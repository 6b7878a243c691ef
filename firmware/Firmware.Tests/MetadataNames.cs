using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace ColdStandby.Firmware.Tests;

/// <summary>Readable names for metadata rows, so every finding says where it is in words a developer knows.</summary>
public static class MetadataNames
{
    /// <summary>Namespace.Outer+Inner, the same spelling for definitions and references.</summary>
    public static string OfType(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        var declaring = type.GetDeclaringType();
        return declaring.IsNil
            ? Join(md.GetString(type.Namespace), md.GetString(type.Name))
            : OfType(md, declaring) + "+" + md.GetString(type.Name);
    }

    public static string OfType(MetadataReader md, TypeReferenceHandle handle)
    {
        var type = md.GetTypeReference(handle);
        return type.ResolutionScope.Kind == HandleKind.TypeReference
            ? OfType(md, (TypeReferenceHandle)type.ResolutionScope) + "+" + md.GetString(type.Name)
            : Join(md.GetString(type.Namespace), md.GetString(type.Name));
    }

    /// <summary>The scope that resolves a (possibly nested) type reference: an assembly, module, or nil.</summary>
    public static EntityHandle RootScope(MetadataReader md, TypeReferenceHandle handle)
    {
        var scope = md.GetTypeReference(handle).ResolutionScope;
        return scope.Kind == HandleKind.TypeReference ? RootScope(md, (TypeReferenceHandle)scope) : scope;
    }

    public static string OfMethod(MetadataReader md, MethodDefinitionHandle handle)
    {
        var method = md.GetMethodDefinition(handle);
        return OfType(md, method.GetDeclaringType()) + "::" + md.GetString(method.Name);
    }

    public static string OfField(MetadataReader md, FieldDefinitionHandle handle)
    {
        var field = md.GetFieldDefinition(handle);
        return OfType(md, field.GetDeclaringType()) + "::" + md.GetString(field.Name);
    }

    /// <summary>Any row that can own a custom attribute or be an IL operand, as a location.</summary>
    public static string Describe(MetadataReader md, EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeDefinition => OfType(md, (TypeDefinitionHandle)handle),
        HandleKind.TypeReference => OfType(md, (TypeReferenceHandle)handle),
        HandleKind.MethodDefinition => OfMethod(md, (MethodDefinitionHandle)handle),
        HandleKind.FieldDefinition => OfField(md, (FieldDefinitionHandle)handle),
        HandleKind.PropertyDefinition => OfProperty(md, (PropertyDefinitionHandle)handle),
        HandleKind.EventDefinition => OfEvent(md, (EventDefinitionHandle)handle),
        HandleKind.Parameter => "parameter " + md.GetString(md.GetParameter((ParameterHandle)handle).Name),
        HandleKind.AssemblyDefinition => "assembly",
        HandleKind.ModuleDefinition => "module",
        _ => $"{handle.Kind} 0x{MetadataTokens.GetToken(handle):X8}",
    };

    static string OfProperty(MetadataReader md, PropertyDefinitionHandle handle)
    {
        var property = md.GetPropertyDefinition(handle);
        var accessor = property.GetAccessors().Getter;
        if (accessor.IsNil) accessor = property.GetAccessors().Setter;
        var owner = accessor.IsNil ? "" : OfType(md, md.GetMethodDefinition(accessor).GetDeclaringType()) + "::";
        return owner + md.GetString(property.Name);
    }

    static string OfEvent(MetadataReader md, EventDefinitionHandle handle)
    {
        var @event = md.GetEventDefinition(handle);
        var adder = @event.GetAccessors().Adder;
        var owner = adder.IsNil ? "" : OfType(md, md.GetMethodDefinition(adder).GetDeclaringType()) + "::";
        return owner + md.GetString(@event.Name);
    }

    static string Join(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;
}
