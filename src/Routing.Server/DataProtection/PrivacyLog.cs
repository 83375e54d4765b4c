namespace Routing.Server.DataProtection;

internal static partial class PrivacyLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Audit entry for {Action} of tenant {Tenant} could not be written ({Error}); the action itself took effect")]
    public static partial void AuditWriteFailed(ILogger logger, string action, string tenant, string error);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Customer {CustomerId} of tenant {Tenant} erased by {Actor}: {Contacts} contacts ({Cancelled} cancelled in flight), {CrmRows} CRM rows")]
    public static partial void CustomerErased(ILogger logger, string customerId, string tenant, string actor, int contacts, int cancelled, int crmRows);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Customer {CustomerId} of tenant {Tenant} exported by {Actor}: {Contacts} contacts")]
    public static partial void CustomerExported(ILogger logger, string customerId, string tenant, string actor, int contacts);
}
