namespace Routing.Crm;

/// <summary>
/// One result row with its columns matched case-insensitively and ignoring underscores, so
/// "customer_id", "CustomerId" and "CUSTOMERID" all name the same column. This keeps overridden
/// queries free to alias in their own style, and keeps Dapper's global type maps untouched.
/// </summary>
internal sealed class CrmRow
{
    private readonly Dictionary<string, (string Column, object? Value)> _columns = new(StringComparer.Ordinal);

    public CrmRow(IDictionary<string, object?> row)
    {
        foreach (var (column, value) in row)
        {
            _columns.TryAdd(Key(column), (column, value is DBNull ? null : value));
        }
    }

    public bool Has(string column) => _columns.ContainsKey(Key(column));

    public object? Value(string column) => _columns.TryGetValue(Key(column), out var found) ? found.Value : null;

    public string Text(string column) => CrmValues.ToText(Value(column)).Trim();

    /// <summary>Columns other than <paramref name="known"/>, by their names as the query spelt them.</summary>
    public IEnumerable<(string Column, object? Value)> Others(IReadOnlySet<string> known) =>
        _columns.Where(c => !known.Contains(c.Key)).Select(c => c.Value);

    public static string Key(string column) => column.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
}
