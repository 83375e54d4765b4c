namespace Routing.Crm;

/// <summary>The database engine behind the CRM store.</summary>
public enum CrmProvider
{
    /// <summary>An embedded SQLite file: the zero-install default.</summary>
    Sqlite,

    /// <summary>Microsoft SQL Server or Azure SQL: the production provider.</summary>
    SqlServer,
}
