namespace Routing.Crm;

/// <summary>One numbered schema script, e.g. Schema/sqlserver/001_crm.sql is version 1, "crm".</summary>
public sealed record CrmMigration(int Version, string Name, string Sql);
