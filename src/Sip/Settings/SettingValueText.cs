using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Sip.Settings;

/// <summary>
/// How a setting's value is written on the command line (<c>--set key=value</c>, <c>--key value</c>) and in help.
/// Pure functions, invariant culture. Supported: string, bool, int, long, ulong, float, double, enums,
/// their nullable forms, and arrays of them. Rules:
/// <list type="bullet">
/// <item>integers also accept exact scientific notation (<c>2e9</c>), handy for token and step counts;</item>
/// <item>bools are <c>true</c>/<c>false</c>; enums their member names, case-insensitive (shown camelCase, as in JSON);</item>
/// <item><c>null</c> sets a nullable setting to null (for a non-nullable string it is the text "null");</item>
/// <item>arrays are comma-separated (<c>a.jsonl,b.jsonl</c>, items trimmed, empty text = empty array) or a JSON
/// array (<c>["a,1.jsonl","b.jsonl"]</c>) when an item itself contains a comma.</item>
/// </list>
/// </summary>
public static class SettingValueText
{
    /// <summary>Whether a property of this type is a leaf that can be set from text.</summary>
    public static bool IsSupported(Type type)
    {
        if (type.IsArray) return type.GetArrayRank() == 1 && IsScalar(type.GetElementType()!);
        return IsScalar(Nullable.GetUnderlyingType(type) ?? type);
    }

    /// <summary>Parses <paramref name="text"/> as a value of <paramref name="type"/>; on failure, says why in plain words.</summary>
    public static bool TryParse(Type type, bool acceptsNull, string text, out object? value, out string error)
    {
        if (acceptsNull && text == "null")
        {
            value = null; error = "";
            return true;
        }
        return type.IsArray
            ? TryParseArray(type.GetElementType()!, text, out value, out error)
            : TryParseScalar(Nullable.GetUnderlyingType(type) ?? type, text, out value, out error);
    }

    /// <summary>The command-line form of a value: the inverse of <see cref="TryParse"/> for every value it accepts.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        Enum e => JsonNamingPolicy.CamelCase.ConvertName(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        Array a => FormatArray(a),
        _ => value.ToString() ?? "",
    };

    /// <summary>A short name of what a value of <paramref name="type"/> looks like, e.g. <c>int</c>, <c>adamw|sgd</c>, <c>string,...</c>.</summary>
    public static string TypeName(Type type)
    {
        if (type.IsArray) return TypeName(type.GetElementType()!) + ",...";
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return string.Join('|', EnumNames(type));
        if (type == typeof(bool)) return "bool";
        if (type == typeof(string)) return "string";
        if (type == typeof(float) || type == typeof(double)) return "number";
        if (type == typeof(int) || type == typeof(long) || type == typeof(ulong)) return "int";
        return type.Name;
    }

    internal static IEnumerable<string> EnumNames(Type enumType) =>
        Enum.GetNames(enumType).Select(JsonNamingPolicy.CamelCase.ConvertName);

    private static bool IsScalar(Type t) =>
        t == typeof(string) || t == typeof(bool) || t == typeof(int) || t == typeof(long) || t == typeof(ulong)
        || t == typeof(float) || t == typeof(double) || t.IsEnum;

    private static bool TryParseScalar(Type type, string text, out object? value, out string error)
    {
        value = null; error = "";
        if (type == typeof(string)) { value = text; return true; }
        if (type == typeof(bool))
        {
            if (bool.TryParse(text.Trim(), out bool b)) { value = b; return true; }
            error = $"'{text}' is not true or false";
            return false;
        }
        if (type == typeof(int)) return TryParseInteger<int>(text, out value, out error);
        if (type == typeof(long)) return TryParseInteger<long>(text, out value, out error);
        if (type == typeof(ulong)) return TryParseInteger<ulong>(text, out value, out error);
        if (type == typeof(double) || type == typeof(float))
        {
            if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
            {
                value = type == typeof(float) ? (object)(float)d : d;
                return true;
            }
            error = $"'{text}' is not a number";
            return false;
        }
        if (type.IsEnum)
        {
            // Names only: Enum.TryParse would also take "7" and produce an undefined member.
            string? name = Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
            if (name is not null) { value = Enum.Parse(type, name); return true; }
            error = $"'{text}' is not one of: {string.Join(", ", EnumNames(type))}";
            return false;
        }
        error = $"settings of type {type.Name} cannot be given as text";
        return false;
    }

    private static bool TryParseInteger<T>(string text, out object? value, out string error) where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        value = null; error = "";
        string t = text.Trim();
        if (T.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out T exact))
        {
            value = exact;
            return true;
        }
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
        {
            if (d != Math.Floor(d)) { error = $"'{text}' is not a whole number"; return false; }
            // Doubles are exact up to 2^53; beyond that "integer" would silently change the value.
            if (Math.Abs(d) > 9007199254740992.0 || d < double.CreateTruncating(T.MinValue) || d > double.CreateTruncating(T.MaxValue))
            {
                error = $"'{text}' is out of range for this setting ({T.MinValue}..{T.MaxValue})";
                return false;
            }
            value = T.CreateChecked(d);
            return true;
        }
        error = $"'{text}' is not an integer";
        return false;
    }

    private static bool TryParseArray(Type elementType, string text, out object? value, out string error)
    {
        value = null;
        List<string> items;
        if (text.TrimStart().StartsWith('['))
        {
            if (!TryReadJsonArray(text, out items, out error)) return false;
        }
        else
        {
            items = text.Trim().Length == 0 ? [] : [.. text.Split(',').Select(s => s.Trim())];
        }
        var array = Array.CreateInstance(elementType, items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            if (!TryParseScalar(elementType, items[i], out object? item, out error))
            {
                error = $"item {i + 1}: {error}";
                return false;
            }
            array.SetValue(item, i);
        }
        value = array;
        error = "";
        return true;
    }

    private static bool TryReadJsonArray(string text, out List<string> items, out string error)
    {
        items = [];
        error = "";
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) { error = "expected a JSON array"; return false; }
            foreach (var e in doc.RootElement.EnumerateArray())
                items.Add(e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText());
            return true;
        }
        catch (JsonException e)
        {
            error = $"not a valid JSON array: {e.Message}";
            return false;
        }
    }

    private static string FormatArray(Array a)
    {
        var items = a.Cast<object?>().Select(Format).ToList();
        // Fall back to JSON when the comma form would not read back as the same items.
        bool ambiguous = items.Any(s => s.Contains(',') || s != s.Trim()) || (items.Count == 1 && items[0].Length == 0)
            || (items.Count > 0 && items[0].TrimStart().StartsWith('['));
        return ambiguous ? JsonSerializer.Serialize(items) : string.Join(',', items);
    }
}
