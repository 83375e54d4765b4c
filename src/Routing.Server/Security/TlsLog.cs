namespace Routing.Server.Security;

internal static partial class TlsLog
{
    [LoggerMessage(EventId = 6401, Level = LogLevel.Warning, Message = "Refused a client certificate (thumbprint {Thumbprint}): its chain does not lead to the configured client CA ({Status})")]
    public static partial void ClientCertificateRefused(ILogger logger, string thumbprint, string status);
}
