using Microsoft.Extensions.Options;

namespace Routing.Server.Outbound;

/// <summary>Checks the "Outbound" section at startup (and on reload), so a bad limit or quiet hour stops the host with a message that names it.</summary>
public sealed class OutboundOptionsValidator : IValidateOptions<OutboundOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboundOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        try
        {
            options.QuietHours.Resolve();
        }
        catch (FormatException ex)
        {
            failures.Add($"Outbound:QuietHours: {ex.Message}.");
        }

        Limits("Outbound:Limits", options.Limits, failures);
        foreach (var (tenant, limits) in options.TenantLimits)
        {
            Limits($"Outbound:TenantLimits:{tenant}", limits, failures);
        }

        if (options.DuplicateWindow < TimeSpan.Zero)
        {
            failures.Add($"Outbound:DuplicateWindow must be zero (off) or positive; it is {options.DuplicateWindow}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Limits(string section, OutboundOptions.LimitsOptions limits, List<string> failures)
    {
        if (limits.PerHour < 0 || limits.PerDay < 0)
        {
            failures.Add($"{section}:PerHour and PerDay must be zero (no limit) or positive; they are {limits.PerHour} and {limits.PerDay}.");
        }

        if (limits.Hour <= TimeSpan.Zero || limits.Day <= TimeSpan.Zero)
        {
            failures.Add($"{section}:Hour and Day (the windows) must be positive; they are {limits.Hour} and {limits.Day}.");
        }
    }
}
