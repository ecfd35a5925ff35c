using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Recovery.BuildingBlocks.Data;

/// <summary>
/// The statements a SQLite transaction executes more than once, each compiled once for the transaction (ADR 0029): a
/// subscriber applying a group of events, or a batch, runs the same few statements for every row, and compiling them
/// again each time was most of their cost. Parameters are bound from the arguments object by name, as Dapper binds
/// them and with the same conversions (<see cref="PreparedStatement"/>); a statement whose arguments are not plain
/// values (a list to expand, a name the object lacks) goes through Dapper as before.
/// </summary>
internal sealed partial class StatementCache : IDisposable
{
    private const int Capacity = 64;
    private static readonly ConcurrentDictionary<(string Sql, Type Args), Binding?> Bindings = new();
    private readonly Dictionary<string, PreparedStatement> _statements = new(StringComparer.Ordinal);

    /// <summary>Executes <paramref name="sql"/> prepared once per transaction, or returns null when it must go through Dapper.</summary>
    public Task<int>? TryExecute(SqliteConnection connection, SqliteTransaction transaction, string sql, object? args)
    {
        var binding = Bindings.GetOrAdd((sql, args?.GetType() ?? typeof(void)), key => Binding.For(key.Sql, key.Args));
        if (binding is null) return null;
        if (!_statements.TryGetValue(sql, out var statement))
        {
            if (_statements.Count >= Capacity) return null;
            _statements[sql] = statement = new PreparedStatement(connection, transaction, sql, binding.Names);
        }
        return statement.ExecuteAsync(binding.Values(args));
    }

    public void Dispose()
    {
        foreach (var statement in _statements.Values) statement.Dispose();
        _statements.Clear();
    }

    [GeneratedRegex(@"(?<![@\w])@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ParameterName();

    private sealed class Binding(string[] names, PropertyInfo[] properties)
    {
        public string[] Names { get; } = names;

        public object?[] Values(object? args)
        {
            var values = new object?[properties.Length];
            for (var i = 0; i < properties.Length; i++)
            {
                var value = properties[i].GetValue(args);
                values[i] = value is Enum e ? Convert.ToInt64(e) : value;
            }
            return values;
        }

        /// <summary>Null when a parameter has no property of that name, or a property is a list Dapper would expand.</summary>
        public static Binding? For(string sql, Type args)
        {
            var names = ParameterName().Matches(sql).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToArray();
            if (args == typeof(void)) return names.Length == 0 ? new Binding([], []) : null;
            var properties = new PropertyInfo[names.Length];
            for (var i = 0; i < names.Length; i++)
            {
                var property = args.GetProperty(names[i], BindingFlags.Public | BindingFlags.Instance);
                if (property is null || property.GetIndexParameters().Length > 0) return null;
                var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if (type != typeof(string) && type != typeof(byte[]) && typeof(IEnumerable).IsAssignableFrom(type)) return null;
                if (type == typeof(char)) return null;   // Dapper binds it as text, SQLite's binder as a number
                if (!type.IsPrimitive && !type.IsEnum && type != typeof(string) && type != typeof(byte[]) && type != typeof(Guid)
                    && type != typeof(DateTimeOffset) && type != typeof(DateOnly) && type != typeof(DateTime) && type != typeof(decimal)) return null;
                properties[i] = property;
            }
            return new Binding(names, properties);
        }
    }
}
