extern alias sim;

using Routing.Testing;
using Xunit.Abstractions;
using Simulation = sim::Routing.Simulator;

namespace Routing.Server.Tests;

/// <summary>The simulator's own invariant checks, on a short bounded scenario against the real server.</summary>
public sealed class SimulatorTests(RedisServerFixture redis, ITestOutputHelper output) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task ShortContactCentreRun_WithDeclinesDropsAndReplies_KeepsEveryInvariant_AndWritesTheReport()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(("Engine:OfferTimeout", "00:00:02"), ("Outbound:AckTimeout", "00:00:02")));
        var reports = Directory.CreateTempSubdirectory("routing-sim-").FullName;
        var options = new Simulation.SimulationOptions
        {
            Target = host.Address,
            Credentials = new Simulation.SimulatorCredentials
            {
                ApiKey = host.Credentials.GatewayKey,
                SigningKey = TestCredentials.SigningKey,
                Tenant = host.Tenant,
                Issuer = TestCredentials.Issuer,
                Audience = TestCredentials.Audience,
            },
            Agents = 12,
            Rate = 60,
            Count = 300,
            Duration = TimeSpan.FromSeconds(20),
            Drain = TimeSpan.FromSeconds(60),
            HandleTime = TimeSpan.FromMilliseconds(100),
            AcceptProbability = 0.8,
            DisconnectsPerMinute = 6,
            Customers = 60,
            ReturnProbability = 0.5,
            ReplyRatio = 0.5,
            DeliveryFailureRatio = 0.2,
            GatewayCrashRatio = 0.08,
            ReportDirectory = reports,
            Progress = true,
        };

        using var progress = new StringWriter();
        var report = await new Simulation.ContactCentreSimulation(options, TextWriter.Synchronized(progress)).RunAsync(CancellationToken.None).WaitAsync(TestTimeout.Long);

        output.WriteLine(report.ToText());
        Assert.True(report.InvariantsHeld, string.Join(Environment.NewLine, report.Violations));
        Assert.Equal(300, report.Submitted + report.Merged);
        Assert.True(report.Submitted == report.Completed,
            $"{report.Completed} of {report.Submitted} completed; not completed (see their timelines): {string.Join(", ", report.NotCompleted)}");
        Assert.True(report.Declines > 0, "the scenario declines offers");
        Assert.True(report.Disconnects > 0, "the scenario drops desks");

        // Replies: every one queued was delivered or failed by the gateway of the channel the router
        // named, per channel; none went out on a spoken channel.
        var replies = report.Replies;
        Assert.True(replies.Queued >= 20, $"only {replies.Queued} replies queued of {replies.Sent} sent");
        Assert.Equal(replies.Queued, replies.Delivered + replies.Failed);
        Assert.True(replies.Failed > 0 && replies.Delivered > replies.Failed, $"delivered {replies.Delivered}, failed {replies.Failed}");
        Assert.InRange(replies.Queued + replies.Refused, 1, replies.Sent);
        Assert.All(replies.ByChannel, c =>
        {
            Assert.DoesNotContain(c.Key, new[] { "voice", "video" });
            Assert.Equal(c.Value.Queued, c.Value.Delivered + c.Value.Failed);
        });
        Assert.True(replies.ByChannel.Count >= 3, "replies on several channels: " + string.Join(", ", replies.ByChannel.Keys));
        Assert.Equal(replies.Queued, replies.DeskReports + replies.ReportsAfterDeskDrop);
        Assert.True(replies.GatewayCrashes > 0 && replies.Redeliveries >= replies.GatewayCrashes,
            $"gateways crashed {replies.GatewayCrashes} times, {replies.Redeliveries} deliveries handed out again");
        Assert.Contains("replies by channel", report.ToText(), StringComparison.Ordinal);
        Assert.All(["report.txt", "report.json", "report.html"], f => Assert.True(new FileInfo(Path.Combine(reports, f)).Length > 100, f));
        Assert.Contains("<svg", await File.ReadAllTextAsync(Path.Combine(reports, "report.html")));
        Directory.Delete(reports, recursive: true);

        // The progress lines carry the server's own WatchQueues figures next to the simulator's (its
        // supervisor token minted with the signing key); the last, after the drain, has them all handled.
        var lines = progress.ToString().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("submitted", StringComparison.Ordinal) && l.Contains("|  server: waiting ", StringComparison.Ordinal));
        var end = Assert.Single(lines, l => l.StartsWith("at the end, server: waiting ", StringComparison.Ordinal));
        var handled = long.Parse(System.Text.RegularExpressions.Regex.Match(end, @"handled (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(handled, 1, report.Completed);
    }

    [Theory]
    [InlineData("simulate", "--agents", "0")]
    [InlineData("simulate", "--accept", "1.5")]
    [InlineData("simulate", "--reply-ratio", "-0.1")]
    [InlineData("simulate", "--rate", "fast")]
    [InlineData("simulate", "--mix", "chat=x")]
    [InlineData("simulate", "--mix", "chat=0")]
    [InlineData("lifecycle", "--capacity", "voice=-1")]
    [InlineData("lifecycle", "--target", "http://example.com:5080")]
    [InlineData("ingest", "--echo", "--stream")]
    [InlineData("ingest", "--concurrency", "0")]
    [InlineData("streams", "--token", "x.y.z")]
    [InlineData("bogus")]
    [InlineData("simulate", "--no-such-option")]
    public async Task CommandLine_InvalidOptions_ExitWithUsageErrorBeforeConnecting(params string[] args)
    {
        Assert.Equal(Simulation.SimulatorCommand.UsageError, await Simulation.SimulatorCommand.RunAsync(args).WaitAsync(TestTimeout.Short));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("simulate", "--help")]
    [InlineData("ingest", "--help")]
    public async Task CommandLine_Help_ExitsZero(params string[] args)
    {
        Assert.Equal(0, await Simulation.SimulatorCommand.RunAsync(args).WaitAsync(TestTimeout.Short));
    }
}
