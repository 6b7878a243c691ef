using System.Text.Json;

namespace ColdStandby.HostAgent.Config;

/// <summary>
/// Reads one JSON object of the configuration file and collects "key: problem" errors: a missing
/// required key, a value of the wrong kind or out of range, and any key it was not asked about
/// (a misspelt key would otherwise be silently ignored and leave the agent half-configured).
/// </summary>
internal sealed class ConfigReader
{
    private readonly JsonElement _element;
    private readonly string _prefix;
    private readonly List<string> _errors;
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);

    public ConfigReader(JsonElement element, string prefix, List<string> errors)
    {
        _element = element;
        _prefix = prefix;
        _errors = errors;
    }

    public void Error(string key, string problem) => _errors.Add($"{Key(key)}: {problem}");

    public string Key(string key) => _prefix.Length == 0 ? key : $"{_prefix}.{key}";

    public bool Has(string key)
    {
        _asked.Add(key);
        return _element.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null;
    }

    public ConfigReader? Section(string key, bool required)
    {
        if (!Has(key))
        {
            if (required)
            {
                Error(key, "missing (a section is required)");
            }

            return null;
        }

        var value = _element.GetProperty(key);
        if (value.ValueKind != JsonValueKind.Object)
        {
            Error(key, $"must be an object, not {Kind(value)}");
            return null;
        }

        return new ConfigReader(value, Key(key), _errors);
    }

    public string? String(string key, string? fallback, bool required = false)
    {
        if (!Has(key))
        {
            if (required)
            {
                Error(key, "missing");
            }

            return fallback;
        }

        var value = _element.GetProperty(key);
        if (value.ValueKind != JsonValueKind.String)
        {
            Error(key, $"must be a string, not {Kind(value)}");
            return fallback;
        }

        string text = value.GetString()!;
        if (text.Trim().Length == 0)
        {
            Error(key, "must not be empty");
            return fallback;
        }

        return text;
    }

    public long Integer(string key, long fallback, long min, long max)
    {
        if (!Has(key))
        {
            return fallback;
        }

        var value = _element.GetProperty(key);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long number))
        {
            Error(key, $"must be a whole number, not {Kind(value)} {value.GetRawText()}");
            return fallback;
        }

        if (number < min || number > max)
        {
            Error(key, $"{number} is out of range ({min} to {max})");
            return fallback;
        }

        return number;
    }

    public bool Boolean(string key, bool fallback)
    {
        if (!Has(key))
        {
            return fallback;
        }

        var value = _element.GetProperty(key);
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Error(key, $"must be true or false, not {Kind(value)}");
            return fallback;
        }

        return value.GetBoolean();
    }

    public string[]? Strings(string key, bool required)
    {
        if (!Has(key))
        {
            if (required)
            {
                Error(key, "missing");
            }

            return null;
        }

        var value = _element.GetProperty(key);
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0
            || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String || v.GetString()!.Length == 0))
        {
            Error(key, "must be a non-empty array of non-empty strings (the program, then its arguments)");
            return null;
        }

        return value.EnumerateArray().Select(v => v.GetString()!).ToArray();
    }

    public List<ConfigReader> Array(string key)
    {
        var items = new List<ConfigReader>();
        if (!Has(key))
        {
            return items;
        }

        var value = _element.GetProperty(key);
        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(key, $"must be an array, not {Kind(value)}");
            return items;
        }

        int i = 0;
        foreach (var item in value.EnumerateArray())
        {
            string itemKey = $"{Key(key)}[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                _errors.Add($"{itemKey}: must be an object, not {Kind(item)}");
                continue;
            }

            items.Add(new ConfigReader(item, itemKey, _errors));
        }

        return items;
    }

    /// <summary>Reports every key of this object that no one asked for.</summary>
    public void RejectUnknown()
    {
        foreach (var property in _element.EnumerateObject())
        {
            if (!_asked.Contains(property.Name))
            {
                Error(property.Name, "unknown key (misspelt?)");
            }
        }
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
