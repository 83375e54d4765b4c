namespace Routing.Server.Telemetry;

/// <summary>Telemetry's log messages (event ids 7xxx).</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Prometheus metrics at {Address}")]
    public static partial void PrometheusListening(ILogger logger, string address);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Exporting metrics and traces over OTLP to {Endpoint}")]
    public static partial void OtlpExporting(ILogger logger, string endpoint);
}
