extern alias sim;

using Routing.Testing;
using Simulation = sim::Routing.Simulator;

namespace Routing.Server.Tests;

/// <summary>The simulator's own invariant checks, on a short bounded scenario against the real server.</summary>
public sealed class SimulatorTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task ShortContactCentreRun_WithDeclinesAndDrops_KeepsEveryInvariant_AndWritesTheReport()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(("Engine:OfferTimeout", "00:00:02")));
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
            ReportDirectory = reports,
            Progress = true,
        };

        using var progress = new StringWriter();
        var report = await new Simulation.ContactCentreSimulation(options, TextWriter.Synchronized(progress)).RunAsync(CancellationToken.None).WaitAsync(TestTimeout.Long);

        Assert.True(report.InvariantsHeld, string.Join(Environment.NewLine, report.Violations));
        Assert.Equal(300, report.Submitted + report.Merged);
        Assert.True(report.Submitted == report.Completed,
            $"{report.Completed} of {report.Submitted} completed; not completed (see their timelines): {string.Join(", ", report.NotCompleted)}");
        Assert.True(report.Declines > 0, "the scenario declines offers");
        Assert.True(report.Disconnects > 0, "the scenario drops desks");
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
}
