using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sip.Settings;

/// <summary>
/// The shape of a settings tree, read by reflection: which properties are settings, their JSON names,
/// which are nested groups (records) and which are leaves. Shared by overrides, the CLI binder and validation
/// so the three cannot disagree about names.
/// </summary>
public static class SettingsSchema
{
    /// <summary>Every leaf setting under <paramref name="settings"/>, depth-first in declaration order.</summary>
    /// <remarks>A null nested group is described with a fresh instance's values: those apply once any of its settings is given.</remarks>
    public static IReadOnlyList<SettingDescriptor> Describe(object settings)
    {
        var leaves = new List<SettingDescriptor>();
        DescribeInto(settings, "", leaves, []);
        return leaves;
    }

    /// <summary>
    /// A nested group of settings rather than a value: a class with a public parameterless constructor that is
    /// not a string or a collection (in practice, a settings record).
    /// </summary>
    public static bool IsGroup(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsArray && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
        && type.GetConstructor(Type.EmptyTypes) is not null;

    /// <summary>The settings of one record: public, readable, settable (init counts) and not [JsonIgnore]d.</summary>
    internal static IReadOnlyList<SettingProperty> Properties(Type type)
    {
        var nullability = new NullabilityInfoContext();
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0
                        && p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
            // Declaration order, so help lists settings as the record does; a derived record's own settings (a teacher's
            // model and transport) before those it inherits (the prompts every teacher shares).
            .OrderByDescending(p => InheritanceDepth(p.DeclaringType!))
            .ThenBy(p => p.MetadataToken)
            .Select(p => new SettingProperty(
                p,
                p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                Nullable.GetUnderlyingType(p.PropertyType) is not null
                    || (!p.PropertyType.IsValueType && nullability.Create(p).WriteState == NullabilityState.Nullable),
                p.GetCustomAttribute<DescriptionAttribute>()?.Description ?? ""))
            .ToList();
    }

    private static int InheritanceDepth(Type type)
    {
        int depth = 0;
        for (var t = type.BaseType; t is not null; t = t.BaseType) depth++;
        return depth;
    }

    /// <summary>A copy of a settings record, for the with-like updates overrides make through reflection.</summary>
    internal static object ShallowCopy(object record)
    {
        // Records expose their compiler-generated copy as "<Clone>$"; it runs the copy constructor.
        var clone = record.GetType().GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
        return clone is not null
            ? clone.Invoke(record, null)!
            : typeof(object).GetMethod("MemberwiseClone", BindingFlags.NonPublic | BindingFlags.Instance)!.Invoke(record, null)!;
    }

    private static void DescribeInto(object node, string prefix, List<SettingDescriptor> leaves, HashSet<Type> open)
    {
        var type = node.GetType();
        if (!open.Add(type)) throw new InvalidOperationException($"settings type {type.Name} contains itself");
        foreach (var p in Properties(type))
        {
            string path = prefix + p.JsonName;
            object? value = p.Info.GetValue(node);
            if (IsGroup(p.Info.PropertyType))
                DescribeInto(value ?? Activator.CreateInstance(p.Info.PropertyType)!, path + ".", leaves, open);
            else if (SettingValueText.IsSupported(p.Info.PropertyType))
                leaves.Add(new SettingDescriptor(path, p.Info.PropertyType, p.AcceptsNull, p.Description, value));
            // Other types (dictionaries, lists of records) are JSON-only: no leaf on the command line.
        }
        open.Remove(type);
    }
}

/// <summary>One property of a settings record with the names and facts the settings code needs.</summary>
internal sealed record SettingProperty(PropertyInfo Info, string JsonName, bool AcceptsNull, string Description);
