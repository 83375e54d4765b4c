using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Routing.Crm;

internal static class CrmDbErrors
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;
    private const int SqlServerPrimaryKeyViolation = 2627;
    private const int SqlServerUniqueIndexViolation = 2601;

    /// <summary>True when the insert failed only because the row is already there.</summary>
    public static bool IsDuplicateKey(DbException exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint
            && sqlite.SqliteExtendedErrorCode is SqliteConstraintPrimaryKey or SqliteConstraintUnique,
        SqlException sql => sql.Errors.Cast<SqlError>().Any(e => e.Number is SqlServerPrimaryKeyViolation or SqlServerUniqueIndexViolation),
        _ => false,
    };
}
