using Microsoft.Extensions.Options;
using Routing.Redis;
using Routing.Server.Configuration;

namespace Routing.Server.Hours;

/// <summary>Business hours (sections "Queues", "Calendars") and dead letters (section "DeadLetters").</summary>
public static class HoursHostingExtensions
{
    public static void AddRoutingHours(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<CalendarsOptions>().Bind(configuration.GetSection(CalendarsOptions.SectionName));
        builder.Services.AddOptions<QueuesOptions>().Bind(configuration.GetSection(QueuesOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<QueuesOptions>, QueuesOptionsValidator>();
        builder.Services.AddOptions<DeadLetterOptions>().Bind(configuration.GetSection(DeadLetterOptions.SectionName))
            .Validate(o => o.After >= TimeSpan.Zero, "DeadLetters:After must not be negative.")
            .ValidateOnStart();
        builder.Services.AddSingleton<BusinessHours>();
        builder.Services.AddSingleton<DeadLetterStore>();
        builder.Services.AddSingleton<DeadLetterList>();
    }
}
