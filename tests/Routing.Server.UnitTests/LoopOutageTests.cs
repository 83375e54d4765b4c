using Microsoft.Extensions.Logging;
using Routing.Server.Desk;

namespace Routing.Server.UnitTests;

public sealed class LoopOutageTests
{
    [Fact]
    public void Failed_OneTenantFailsWhileAnotherSucceeds_OneFailingLineThenOneRecoveredLineWhenTheLastPartRecovers()
    {
        var logger = new ListLogger();
        var outage = new LoopOutage(logger, "sweeper");

        outage.Failed(new InvalidOperationException("x"), "tenant-a");
        outage.Succeeded("tenant-b");
        outage.Failed(new InvalidOperationException("x"), "tenant-a");
        outage.Failed(new InvalidOperationException("y"), "tenant-c");
        outage.Succeeded("tenant-b");
        outage.Succeeded("tenant-a");
        Assert.True(outage.Failing);
        outage.Succeeded("tenant-c");

        Assert.False(outage.Failing);
        Assert.Equal([(5020, "Background loop sweeper is failing; it keeps retrying and logs again when it recovers"), (5021, "Background loop sweeper recovered after 3 failed iterations")], logger.Lines);
    }

    private sealed class ListLogger : ILogger
    {
        public List<(int, string)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((eventId.Id, formatter(state, exception)));
    }
}
