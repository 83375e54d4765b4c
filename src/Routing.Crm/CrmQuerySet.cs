namespace Routing.Crm;

/// <summary>The SQL actually run: each configured override, else the provider's built-in query.</summary>
internal sealed record CrmQuerySet(string FindCustomer, string FindConsents, string FindOpenCases, string RecordInteraction, string RecordConsent)
{
    public static CrmQuerySet Resolve(CrmProvider provider, CrmQueryOverrides? overrides)
    {
        var sqlite = provider == CrmProvider.Sqlite;
        return new CrmQuerySet(
            Pick(overrides?.FindCustomer, sqlite ? SqliteQueries.FindCustomer : SqlServerQueries.FindCustomer),
            Pick(overrides?.FindConsents, sqlite ? SqliteQueries.FindConsents : SqlServerQueries.FindConsents),
            Pick(overrides?.FindOpenCases, sqlite ? SqliteQueries.FindOpenCases : SqlServerQueries.FindOpenCases),
            Pick(overrides?.RecordInteraction, sqlite ? SqliteQueries.RecordInteraction : SqlServerQueries.RecordInteraction),
            Pick(overrides?.RecordConsent, sqlite ? SqliteQueries.RecordConsent : SqlServerQueries.RecordConsent));
    }

    private static string Pick(string? configured, string builtIn) => string.IsNullOrWhiteSpace(configured) ? builtIn : configured;
}
