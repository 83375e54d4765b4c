namespace Routing.Server.Outbound;

internal static partial class OutboundLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Gateway {Gateway} of tenant {Tenant} subscribed for outbound deliveries on {Channels} (window {Window}).")]
    public static partial void Subscribed(ILogger logger, string gateway, string tenant, string channels, int window);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Gateway {Gateway} of tenant {Tenant} left the outbound stream with {InFlight} deliveries unacknowledged (delivered again after their deadline).")]
    public static partial void Left(ILogger logger, string gateway, string tenant, int inFlight);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Outbound deliveries for tenant {Tenant} could not be claimed: {Error}.")]
    public static partial void ClaimFailed(ILogger logger, string tenant, string error);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Warning, Message = "Stopping the outbound wake-ups failed: {Error}.")]
    public static partial void SignalStopFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Warning, Message = "Outbound sweep of tenant {Tenant} failed: {Error}.")]
    public static partial void SweepFailed(ILogger logger, string tenant, string error);

    [LoggerMessage(EventId = 9006, Level = LogLevel.Information, Message = "Put {Count} unacknowledged deliveries of tenant {Tenant} back for redelivery.")]
    public static partial void PutBack(ILogger logger, string tenant, int count);
}
