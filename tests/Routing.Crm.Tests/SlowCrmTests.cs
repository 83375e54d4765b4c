using System.Diagnostics;

namespace Routing.Crm.Tests;

/// <summary>
/// A CRM that takes minutes to answer. These tests share one class so they run one after another:
/// each burns a core until it is interrupted, and two cores are all a test run has.
/// </summary>
public sealed class SlowCrmTests
{
    // Counts to two billion before answering: minutes of CPU in SQLite, so any answer within
    // seconds proves nobody waited for it.
    private const string SlowFindCustomer = """
        WITH RECURSIVE counter(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM counter WHERE n < 2000000000)
        SELECT 'cus-slow' AS customer_id FROM counter WHERE n = 2000000000;
        """;

    [Fact]
    public async Task FindByAddressAsync_SlowQueryCancelled_StopsPromptly()
    {
        await using var host = await CrmTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Crm:Queries:FindCustomer"] = SlowFindCustomer,
        }).WaitAsync(Timeouts.Test);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();

        // No WaitAsync inside the directory: only an interrupted statement can end this early.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => host.Directory.FindByAddressAsync(host.Tenant, "chat", "alice.m", cancellation.Token)).WaitAsync(Timeouts.Test);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the query ran {watch.Elapsed} after cancellation at 200 ms");
    }

    [Fact]
    public async Task FindByAddressAsync_AfterASlowQueryWasInterrupted_TheSameSlotAnswersTheNext()
    {
        // Slow for one address only; one slot, so the next lookup runs where the interrupted one did.
        await using var host = await CrmTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Crm:MaxConcurrency"] = "1",
            ["Crm:Queries:FindCustomer"] = """
                WITH RECURSIVE counter(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM counter WHERE n < CASE WHEN @Address = 'slow' THEN 2000000000 ELSE 1 END)
                SELECT 'cus-' || @Address AS customer_id FROM counter ORDER BY n DESC LIMIT 1;
                """,
        }).WaitAsync(Timeouts.Test);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => host.Directory.FindByAddressAsync(host.Tenant, "chat", "slow", cancellation.Token)).WaitAsync(Timeouts.Test);
        var next = await host.Directory.FindByAddressAsync(host.Tenant, "chat", "quick", CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.Equal("cus-quick", next?.CustomerId);
    }

    [Fact]
    public async Task LookupAsync_SlowCrm_ReturnsPartialWithinAboutTheTimeout()
    {
        await using var host = await CrmTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Crm:Queries:FindCustomer"] = SlowFindCustomer,
            ["Crm:LookupTimeout"] = "00:00:00.200",
        }).WaitAsync(Timeouts.Test);
        using var outcomes = new LookupOutcomes(host.Services);
        var watch = Stopwatch.StartNew();

        var context = await host.Lookup.LookupAsync(host.Tenant, "chat", "alice.m", CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.True(context.Partial);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed} with a 200 ms timeout");
        Assert.Equal(["timeout"], outcomes.All);
    }

    [Fact]
    public async Task LookupAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var host = await CrmTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Crm:Queries:FindCustomer"] = SlowFindCustomer,
            ["Crm:LookupTimeout"] = "00:00:30",
        }).WaitAsync(Timeouts.Test);
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => host.Lookup.LookupAsync(host.Tenant, "chat", "alice.m", caller.Token)).WaitAsync(Timeouts.Test);

        Assert.Equal(caller.Token, thrown.CancellationToken);
    }
}
