namespace Routing.Server.Consent;

/// <summary>Consent logs: ids and channels only, never addresses.</summary>
internal static partial class ConsentLog
{
    [LoggerMessage(EventId = 9301, Level = LogLevel.Warning, Message = "Consent write-back on {Channel} (tenant {Tenant}) failed; retried later")]
    public static partial void WriteBackFailed(ILogger logger, Exception exception, string channel, string tenant);

    [LoggerMessage(EventId = 9302, Level = LogLevel.Information, Message = "Consent on {Channel} (tenant {Tenant}) is now {Status}, by {Actor}")]
    public static partial void Changed(ILogger logger, string channel, string tenant, string status, string actor);

    [LoggerMessage(EventId = 9303, Level = LogLevel.Warning, Message = "The CRM's addresses of a customer (tenant {Tenant}) could not be read for the permitted reply channels; only the contact's own address counts")]
    public static partial void AddressesUnavailable(ILogger logger, Exception exception, string tenant);

    [LoggerMessage(EventId = 9304, Level = LogLevel.Warning, Message = "Consent write-back loop failed for tenant {Tenant}")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string tenant);
}
