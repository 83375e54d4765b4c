using Microsoft.Extensions.Options;

namespace Routing.Crm.Tests;

public sealed class CrmOptionsTests
{
    private readonly CrmOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_SucceedWithTheSqliteDefaultFile()
    {
        var options = new CrmOptions();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Equal(CrmOptions.DefaultSqliteConnectionString, options.ResolveConnectionString());
    }

    [Theory]
    [InlineData("Provider", "Oracle", "Crm:Provider 'Oracle' is not supported")]
    [InlineData("LookupTimeout", "00:00:00", "Crm:LookupTimeout must be positive")]
    [InlineData("LookupTimeout", "-00:00:01", "Crm:LookupTimeout must be positive")]
    [InlineData("CacheTtl", "-00:00:01", "Crm:CacheTtl must not be negative")]
    [InlineData("NegativeCacheTtl", "-00:00:01", "Crm:NegativeCacheTtl must not be negative")]
    [InlineData("CacheSizeLimit", "0", "Crm:CacheSizeLimit must be a positive number")]
    [InlineData("MaxConcurrency", "0", "Crm:MaxConcurrency must be between 1 and 64")]
    [InlineData("ConnectionString", "Data Source=x.db;Colour=blue", "Crm:ConnectionString is not a valid Sqlite connection string")]
    [InlineData("Queries:FindCustomer", " ", "Crm:Queries:FindCustomer is empty")]
    public async Task StartAsync_InvalidSetting_FailsWithAClearMessage(string key, string value, string expected)
    {
        var thrown = await Assert.ThrowsAsync<OptionsValidationException>(
            () => CrmTestHost.StartAsync(new Dictionary<string, string?> { [$"Crm:{key}"] = value })).WaitAsync(Timeouts.Test);

        Assert.Contains(thrown.Failures, failure => failure.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SqlServerWithoutConnectionString_NamesTheMissingSetting()
    {
        var result = _validator.Validate(null, new CrmOptions { Provider = "SqlServer" });

        Assert.True(result.Failed);
        Assert.Contains("Crm:ConnectionString is required when Crm:Provider is 'SqlServer'.", result.Failures!);
    }

    [Fact]
    public void Validate_ProviderNamesAnyCase_AreAccepted()
    {
        Assert.Equal(CrmProvider.SqlServer, CrmOptions.ParseProvider("sqlserver"));
        Assert.Equal(CrmProvider.Sqlite, CrmOptions.ParseProvider(" SQLite "));
        Assert.Null(CrmOptions.ParseProvider("1"));
    }
}
