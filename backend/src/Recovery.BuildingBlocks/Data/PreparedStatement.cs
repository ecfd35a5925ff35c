using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Recovery.BuildingBlocks.Data;

/// <summary>
/// One command prepared once and executed many times in a transaction, for bulk paths (batch ingestion, the dunning
/// run): SQLite keeps the compiled statement, and no per-row command or mapping is built. Values are given in the order
/// of <c>parameterNames</c> and stored as the type handlers store them (ids as text on SQLite, and so on).
/// </summary>
public sealed class PreparedStatement : IDisposable
{
    private readonly DbCommand _command;
    private readonly bool _sqlite;

    internal PreparedStatement(DbConnection connection, DbTransaction? transaction, string sql, string[] parameterNames)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = sql;
        _sqlite = connection is SqliteConnection;
        foreach (var name in parameterNames)
        {
            var p = _command.CreateParameter();
            p.ParameterName = "@" + name;
            _command.Parameters.Add(p);
        }
        if (_sqlite) _command.Prepare();
    }

    public Task<int> ExecuteAsync(params object?[] values)
    {
        if (values.Length != _command.Parameters.Count)
            throw new ArgumentException($"Expected {_command.Parameters.Count} values, got {values.Length}.");
        for (var i = 0; i < values.Length; i++) Bind(_command.Parameters[i], values[i]);
        return _command.ExecuteNonQueryAsync();
    }

    private void Bind(DbParameter p, object? value)
    {
        switch (value)
        {
            case null: p.Value = DBNull.Value; break;
            case Guid g when _sqlite: p.DbType = DbType.String; p.Value = g.ToString(); break;
            case Guid g: p.DbType = DbType.Guid; p.Value = g; break;
            case DateTimeOffset d when _sqlite: p.DbType = DbType.String; p.Value = TypeHandlers.FormatInstant(d); break;
            case DateTimeOffset d: p.DbType = DbType.DateTime2; p.Value = d.UtcDateTime; break;
            case DateOnly d when _sqlite: p.DbType = DbType.String; p.Value = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture); break;
            case DateOnly d: p.DbType = DbType.Date; p.Value = d.ToDateTime(TimeOnly.MinValue); break;
            case bool b when _sqlite: p.DbType = DbType.Int64; p.Value = b ? 1L : 0L; break;
            case string s: p.DbType = DbType.String; p.Value = s; break;
            default: p.Value = value; break;
        }
    }

    public void Dispose() => _command.Dispose();
}
