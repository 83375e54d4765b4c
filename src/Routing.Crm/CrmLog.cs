using Microsoft.Extensions.Logging;

namespace Routing.Crm;

// Sender addresses are personal data (phone numbers, e-mail), so no log line carries one.
internal static partial class CrmLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "CRM lookup for a {Channel} sender of tenant {Tenant} timed out after {TimeoutMs} ms; continuing with partial customer context")]
    public static partial void LookupTimedOut(ILogger logger, string channel, string tenant, double timeoutMs);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "CRM lookup for a {Channel} sender of tenant {Tenant} failed; continuing with partial customer context")]
    public static partial void LookupFailed(ILogger logger, string channel, string tenant, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "CRM customer {CustomerId} of tenant {Tenant} has attributes that are not a JSON object; they are ignored")]
    public static partial void AttributesIgnored(ILogger logger, string customerId, string tenant);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "CRM store: {Provider} at {DataSource}")]
    public static partial void StoreSelected(ILogger logger, CrmProvider provider, string dataSource);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "CRM schema: applied migration(s) {Versions}")]
    public static partial void SchemaApplied(ILogger logger, string versions);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "CRM schema is up to date")]
    public static partial void SchemaUpToDate(ILogger logger);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "CRM demo data: {Rows} row(s) seeded for tenant {Tenant}")]
    public static partial void DemoSeeded(ILogger logger, int rows, string tenant);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "CRM warm-up lookup failed; contacts get partial customer context until the CRM answers")]
    public static partial void WarmUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Debug, Message = "Interaction {ContactId} of tenant {Tenant} was already recorded")]
    public static partial void InteractionAlreadyRecorded(ILogger logger, string contactId, string tenant);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Error, Message = "CRM not ready (schema / demo data could not be applied); contacts are queued with partial customer context meanwhile. Retrying in {RetrySeconds} s")]
    public static partial void PrepareFailed(ILogger logger, double retrySeconds, Exception exception);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "CRM erasure for tenant {Tenant}: {Rows} row(s) deleted")]
    public static partial void CustomerErased(ILogger logger, string tenant, int rows);
}
