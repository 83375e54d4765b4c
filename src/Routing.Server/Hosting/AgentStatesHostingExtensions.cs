using Microsoft.Extensions.Options;
using Routing.Redis;
using Routing.Server.AgentStates;

namespace Routing.Server.Hosting;

public static class AgentStatesHostingExtensions
{
    /// <summary>Agent reason codes (Agents:ReasonCodes, read at use time) and the supervisor actions.</summary>
    public static WebApplicationBuilder AddRoutingAgentStates(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AgentsOptions>()
            .Bind(builder.Configuration.GetSection(AgentsOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AgentsOptions>, AgentsOptionsValidator>();
        builder.Services.AddSingleton<AgentReasonCodes>();
        builder.Services.AddSingleton<SupervisorActionStore>();
        builder.Services.AddSingleton<SupervisorActions>();
        return builder;
    }
}
