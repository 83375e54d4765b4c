using Microsoft.Extensions.DependencyInjection;
using Routing.Core.Customers;

namespace Routing.Crm.Tests;

public sealed class SqlConsentLogTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RecordAsync_OptOutOfAConsentedChannel_UpdatesTheRowAndTheNextLookup()
    {
        await using var host = await CrmTestHost.StartAsync().WaitAsync(Timeouts.Test);
        var consents = host.Services.GetRequiredService<IConsentLog>();

        await consents.RecordAsync(new ConsentChange(host.Tenant, "cus-1001", "email", OptedIn: false, At), CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.Equal(0L, await host.Database.ScalarAsync<long>(
            "SELECT opted_in FROM consents WHERE tenant_id = @Tenant AND customer_id = 'cus-1001' AND channel = 'email'", new { host.Tenant }).WaitAsync(Timeouts.Test));
        var alice = await host.Directory.FindByAddressAsync(host.Tenant, "chat", "alice.m", CancellationToken.None).WaitAsync(Timeouts.Test);
        Assert.False(alice!.ChannelConsent["email"]);
    }

    [Fact]
    public async Task RecordAsync_NewChannelThenReplayAndOlderChange_KeepsTheNewest()
    {
        await using var host = await CrmTestHost.StartAsync().WaitAsync(Timeouts.Test);
        var consents = host.Services.GetRequiredService<IConsentLog>();
        var change = new ConsentChange(host.Tenant, "cus-1001", "voice", OptedIn: true, At);

        await consents.RecordAsync(change, CancellationToken.None).WaitAsync(Timeouts.Test);
        await consents.RecordAsync(change, CancellationToken.None).WaitAsync(Timeouts.Test);
        await consents.RecordAsync(change with { OptedIn = false, ChangedAt = At.AddMinutes(-1) }, CancellationToken.None).WaitAsync(Timeouts.Test);

        var rows = (await host.Database.QueryAsync<(long OptedIn, string UpdatedAt)>(
            "SELECT opted_in, updated_at FROM consents WHERE tenant_id = @Tenant AND customer_id = 'cus-1001' AND channel = 'voice'",
            new { host.Tenant }).WaitAsync(Timeouts.Test)).ToArray();
        Assert.Equal((1L, "2026-03-01T10:00:00.0000000Z"), Assert.Single(rows));
    }
}
