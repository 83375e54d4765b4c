using Routing.Server.Outbound;

namespace Routing.Server.UnitTests;

public sealed class OutboundOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreValid_AndGiveOnePerHourThreePerDay()
    {
        var options = new OutboundOptions();

        Assert.True(new OutboundOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal([new(1, TimeSpan.FromHours(1)), new(3, TimeSpan.FromDays(1))], options.LimitsFor("acme"));
    }

    [Fact]
    public void LimitsFor_ATenantsOwn_WinOverTheDefault_AndZeroMeansNoSuchLimit()
    {
        var options = new OutboundOptions { TenantLimits = { ["acme"] = new() { PerHour = 0, PerDay = 5 } } };

        Assert.Equal([new(5, TimeSpan.FromDays(1))], options.LimitsFor("acme"));
        Assert.Equal(2, options.LimitsFor("other").Count);
    }

    [Fact]
    public void Validate_BadQuietHoursNegativeLimitsOrWindow_FailNamingTheSetting()
    {
        var options = new OutboundOptions
        {
            QuietHours = { Start = "25:00" },
            Limits = { PerDay = -1 },
            TenantLimits = { ["acme"] = new() { Hour = TimeSpan.Zero } },
            DuplicateWindow = TimeSpan.FromHours(-1),
        };

        var result = new OutboundOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Failures!, f => f.StartsWith("Outbound:QuietHours", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Outbound:Limits:PerHour", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Outbound:TenantLimits:acme:Hour", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Outbound:DuplicateWindow", StringComparison.Ordinal));
    }
}
