namespace Routing.Server.Ingest;

internal static partial class IngestLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Rejected {Channel} contact {ExternalId}: {Reason}")]
    public static partial void ContactRejected(ILogger logger, string? channel, string? externalId, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "CRM unavailable: {Channel} contact {ExternalId} queued with partial customer context")]
    public static partial void QueuedWithPartialContext(ILogger logger, string channel, string externalId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "SubmitStream item {ExternalId} failed: {Reason}")]
    public static partial void StreamItemFailed(ILogger logger, string? externalId, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "Refused a {Channel} contact: queue {Queue} is full ({MaxWaiting} waiting)")]
    public static partial void QueueFull(ILogger logger, string channel, string queue, long maxWaiting);
}
