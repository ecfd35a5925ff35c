using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Recovery.BuildingBlocks.Messaging;

/// <summary>
/// The stable codes of the enums in events (statuses, outcomes): what their <see cref="JsonStringEnumMemberNameAttribute"/>
/// says, which is also what the rows and the APIs store and show (<c>in_agreement</c>, <c>pending_approval</c>).
/// </summary>
public static class EventCodes
{
    public static string Code<T>(this T value) where T : struct, Enum =>
        Codes<T>.ByValue.TryGetValue(value, out var code) ? code : throw new ArgumentOutOfRangeException(nameof(value), value, null);

    public static T Parse<T>(string code) where T : struct, Enum =>
        Codes<T>.ByCode.TryGetValue(code, out var value) ? value : throw new ArgumentOutOfRangeException(nameof(code), code, $"not a {typeof(T).Name}");

    private static class Codes<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ByValue = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToFrozenDictionary(f => (T)f.GetValue(null)!, f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name.ToLowerInvariant());

        public static readonly FrozenDictionary<string, T> ByCode = ByValue.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
