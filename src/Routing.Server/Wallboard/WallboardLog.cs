namespace Routing.Server.Wallboard;

internal static partial class WallboardLog
{
    [LoggerMessage(EventId = 8501, Level = LogLevel.Information, Message = "Wallboard page at {Address}")]
    public static partial void Listening(ILogger logger, string address);
}
