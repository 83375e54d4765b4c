using Routing.Server.Callbacks;

namespace Routing.Server.Hosting;

/// <summary>Callbacks: their options and the scheduler that decides when each is due.</summary>
public static class CallbackHostingExtensions
{
    public static IHostApplicationBuilder AddRoutingCallbacks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CallbackOptions>()
            .Bind(builder.Configuration.GetSection(CallbackOptions.SectionName))
            .Validate(o => o.MaxAhead >= TimeSpan.FromMinutes(1) && o.MaxAhead <= TimeSpan.FromDays(366), "Callbacks:MaxAhead must be one minute to 366 days, e.g. 30.00:00:00.")
            .Validate(o => o.DefaultWindow >= TimeSpan.FromMinutes(1) && o.DefaultWindow <= o.MaxAhead, "Callbacks:DefaultWindow must be at least one minute and at most Callbacks:MaxAhead, e.g. 02:00:00.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CallbackScheduler>();
        return builder;
    }
}
