using Microsoft.Data.Sqlite;

namespace Routing.Crm;

/// <summary>
/// A SQLite connection kept open across pieces of CRM work, with the lookup statements prepared
/// once for it. Microsoft.Data.Sqlite prepares a command's SQL again for every new command, and
/// Dapper makes a new command per call: parsing and planning the FindCustomer join was the
/// largest part of a lookup's CPU. Used by one piece of work at a time (CrmConnectionFactory
/// hands a session out under its gate and takes it back afterwards).
/// </summary>
internal sealed class SqliteSession(string connectionString) : SqliteConnection(connectionString)
{
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);

    /// <summary>
    /// The rows of the first result set of <paramref name="sql"/>, at most <paramref name="maxRows"/>,
    /// each column by the name the query gave it (NULL as null). Parameters bind by name, with or
    /// without their @ prefix, as Dapper's do.
    /// </summary>
    public List<IDictionary<string, object?>> Query(string sql, IReadOnlyList<KeyValuePair<string, object?>> parameters, int maxRows)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = CreateCommand();
            command.CommandText = sql;
            foreach (var (name, _) in parameters)
            {
                command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
            }

            command.Prepare();
            _prepared[sql] = command;
        }

        foreach (var (name, value) in parameters)
        {
            command.Parameters[name].Value = value ?? DBNull.Value;
        }

        var rows = new List<IDictionary<string, object?>>();
        using var reader = command.ExecuteReader();
        while (rows.Count < maxRows && reader.Read())
        {
            var row = new Dictionary<string, object?>(reader.FieldCount, StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Statements first: a connection closes only once its statements are finalized.
            foreach (var command in _prepared.Values)
            {
                command.Dispose();
            }

            _prepared.Clear();
        }

        base.Dispose(disposing);
    }
}
