using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Routing.Core.Customers;

namespace Routing.Crm.Tests;

public sealed class SqlCustomerPrivacyTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 1, 10, 15, 0, TimeSpan.Zero);

    [Fact]
    public async Task ExportAsync_KnownCustomer_HoldsEveryTableAndTheInteractionsOfTheirAddresses()
    {
        await using var host = await CrmTestHost.StartAsync().WaitAsync(Timeouts.Test);
        var privacy = host.Services.GetRequiredService<ICustomerPrivacy>();
        await host.Interactions.RecordAsync(Interaction(host.Tenant, "ct-1", "cus-1002", "voice", "+33612345678"), CancellationToken.None).WaitAsync(Timeouts.Test);
        await host.Interactions.RecordAsync(Interaction(host.Tenant, "ct-2", null, "email", "bruno.leroy@example.fr"), CancellationToken.None).WaitAsync(Timeouts.Test);

        var addresses = await privacy.FindAddressesAsync(host.Tenant, "cus-1002", CancellationToken.None).WaitAsync(Timeouts.Test);
        var export = await privacy.ExportAsync(host.Tenant, "cus-1002", addresses, CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.Equal(4, addresses.Count);
        Assert.Equal("Bruno Leroy", Assert.Single(export.Tables["customers"])["display_name"]);
        Assert.Equal(2, export.Tables["cases"].Count);
        Assert.Equal(["ct-1", "ct-2"], export.Tables["interactions"].Select(r => (string)r["contact_id"]!).Order());
    }

    [Fact]
    public async Task EraseAsync_CustomerAndUnknownSenderRows_AreGoneFromTheTablesAndTheFile_OthersStay()
    {
        await using var host = await CrmTestHost.StartAsync().WaitAsync(Timeouts.Test);
        var privacy = host.Services.GetRequiredService<ICustomerPrivacy>();
        await host.Interactions.RecordAsync(Interaction(host.Tenant, "ct-1", "cus-1002", "voice", "+33612345678"), CancellationToken.None).WaitAsync(Timeouts.Test);
        await host.Interactions.RecordAsync(Interaction(host.Tenant, "ct-2", null, "email", "bruno.leroy@example.fr"), CancellationToken.None).WaitAsync(Timeouts.Test);
        await host.Interactions.RecordAsync(Interaction(host.Tenant, "ct-3", null, "chat", "someone-else") with { Notes = "KEEP-ME" }, CancellationToken.None).WaitAsync(Timeouts.Test);
        var addresses = await privacy.FindAddressesAsync(host.Tenant, "cus-1002", CancellationToken.None).WaitAsync(Timeouts.Test);

        var deleted = await privacy.EraseAsync(host.Tenant, "cus-1002", addresses, ["ct-1"], CancellationToken.None).WaitAsync(Timeouts.Test);

        // 1 customer, 4 addresses, 4 consents, 2 cases, 1 relationship, 2 interactions.
        Assert.Equal(14, deleted);
        Assert.Equal(0, await host.Database.ScalarAsync<long>("SELECT count(*) FROM customers WHERE tenant_id = @Tenant AND customer_id = 'cus-1002'", new { host.Tenant }));
        Assert.Equal(1, await host.Database.ScalarAsync<long>("SELECT count(*) FROM interactions WHERE tenant_id = @Tenant", new { host.Tenant }));
        Assert.Equal(1, await host.Database.ScalarAsync<long>("SELECT count(*) FROM customers WHERE tenant_id = @Tenant AND customer_id = 'cus-1001'", new { host.Tenant }));
        var file = Encoding.Latin1.GetString(File.ReadAllBytes(host.Database.FilePath)) + (File.Exists(host.Database.FilePath + "-wal") ? Encoding.Latin1.GetString(File.ReadAllBytes(host.Database.FilePath + "-wal")) : "");
        foreach (var secret in new[] { "Bruno Leroy", "bruno.leroy@example.fr", "+33612345678", "Invoice dispute", "ACC-1002", "BRUNO NOTES" })
        {
            Assert.DoesNotContain(secret, file, StringComparison.Ordinal);
        }

        Assert.Contains("KEEP-ME", file, StringComparison.Ordinal);
        Assert.Contains("Alice Martin", file, StringComparison.Ordinal);
        Assert.Equal(0, await privacy.EraseAsync(host.Tenant, "cus-1002", addresses, ["ct-1"], CancellationToken.None).WaitAsync(Timeouts.Test));
    }

    private static InteractionRecord Interaction(string tenant, string contactId, string? customerId, string channel, string address) => new(
        tenant, contactId, "cv-1", customerId, channel, address, "support", "agent-ada", At, null, At.AddSeconds(20), At.AddMinutes(7), "resolved", "BRUNO NOTES");
}
