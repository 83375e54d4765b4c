using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Routing.Core.Customers;

namespace Routing.Crm;

public static class CrmHostingExtensions
{
    /// <summary>The configuration key naming the development tenant, whose demo customers are seeded (with "Crm:DemoTenants").</summary>
    public const string TenantKey = "Routing:Tenant";

    /// <summary>
    /// Adds the CRM store: options from "Crm" (validated at start), the connection factory,
    /// <see cref="ICustomerDirectory"/>, <see cref="CustomerLookup"/> with its own cache,
    /// <see cref="IInteractionLog"/>, <see cref="ICustomerPrivacy"/>, <see cref="CustomerAddresses"/> (cached with the contexts), and a startup step that applies the schema and seeds the demo
    /// customers for the development tenant at "Routing:Tenant" and the tenants of "Crm:DemoTenants".
    /// The host registers RoutingMetrics and TimeProvider.
    /// </summary>
    public static IHostApplicationBuilder AddRoutingCrm(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<CrmOptions>()
            .Bind(builder.Configuration.GetSection(CrmOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CrmOptions>, CrmOptionsValidator>());

        services.TryAddSingleton<CrmConnectionFactory>();
        services.TryAddSingleton<CustomerContextCache>();
        services.TryAddSingleton<ICustomerDirectory, SqlCustomerDirectory>();
        services.TryAddSingleton<IInteractionLog, SqlInteractionLog>();
        services.TryAddSingleton<IConsentLog, SqlConsentLog>();
        services.TryAddSingleton<ICustomerPrivacy, SqlCustomerPrivacy>();
        services.TryAddSingleton<CustomerLookup>();
        services.TryAddSingleton<CustomerAddresses>();

        var tenant = builder.Configuration[TenantKey];
        tenant = string.IsNullOrWhiteSpace(tenant) ? "default" : tenant.Trim();
        services.AddHostedService(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CrmOptions>>();
            string[] demoTenants = [.. new[] { tenant }.Concat(options.Value.DemoTenants.Select(t => t.Trim())).Distinct(StringComparer.Ordinal)];
            return new CrmStartup(sp.GetRequiredService<CrmConnectionFactory>(), options, demoTenants, sp.GetRequiredService<ILogger<CrmStartup>>());
        });
        return builder;
    }
}
