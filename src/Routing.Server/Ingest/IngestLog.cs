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

    [LoggerMessage(EventId = 1040, Level = LogLevel.Information, Message = "Callback {ContactId} on {Channel} scheduled, due at {DueAt:o}")]
    public static partial void CallbackScheduled(ILogger logger, string contactId, string channel, DateTimeOffset dueAt);

    [LoggerMessage(EventId = 1041, Level = LogLevel.Debug, Message = "Refused a {Channel} callback: {Code}")]
    public static partial void CallbackRefused(ILogger logger, string channel, string code);
}
