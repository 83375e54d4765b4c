using Microsoft.Extensions.Options;
using Routing.Core.Agents;
using Routing.Core.Channels;
using Routing.Core.Contacts;
using Routing.Core.Rules;
using Routing.Server.Configuration;
using Routing.Server.Tenants;

namespace Routing.Server.Hosting;

/// <summary>Configuration without a restart: the holder of the reloadable routing configuration and what reports it.</summary>
public static class ConfigurationHostingExtensions
{
    public static WebApplicationBuilder AddRoutingConfigurationReload(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RoutingConfigurationHolder>();
        AddLastGood<RulesOptions>(builder.Services);
        AddLastGood<ChannelsOptions>(builder.Services);
        AddLastGood<EngineOptions>(builder.Services);
        AddLastGood<LimitsOptions>(builder.Services);
        AddLastGood<IngestOptions>(builder.Services);
        AddLastGood<RoutingOptions>(builder.Services);

        // Resolved afresh from the configuration in force: a singleton must take the holder instead and read Current at use time.
        builder.Services.AddTransient<ChannelCatalog>(sp => sp.GetRequiredService<RoutingConfigurationHolder>().Current.Catalog);
        builder.Services.AddTransient<RuleEngine>(sp => sp.GetRequiredService<RoutingConfigurationHolder>().Current.RuleEngine);
        builder.Services.AddTransient<ContactValidator>(sp => sp.GetRequiredService<RoutingConfigurationHolder>().Current.Validator);
        builder.Services.AddTransient<AgentProfileBuilder>(sp => sp.GetRequiredService<RoutingConfigurationHolder>().Current.Profiles);
        builder.Services.AddSingleton<Routing.Redis.NodeConfigurationStore>();
        builder.Services.AddSingleton<Supervisor.NodeList>();
        builder.Services.AddSingleton<NodeConfigurationPublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NodeConfigurationPublisher>());
        return builder;
    }

    // One factory per section, shared by the options monitor and the holder, so both keep the last valid value.
    private static void AddLastGood<TOptions>(IServiceCollection services)
        where TOptions : class
    {
        services.AddSingleton<LastGoodOptionsFactory<TOptions>>();
        services.AddSingleton<IOptionsFactory<TOptions>>(sp => sp.GetRequiredService<LastGoodOptionsFactory<TOptions>>());
    }
}
