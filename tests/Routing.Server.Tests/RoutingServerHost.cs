extern alias server;

using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Routing.Redis;
using Routing.Testing;
using ServerHosting = server::Routing.Server.Hosting.ServerHostingExtensions;

namespace Routing.Server.Tests;

/// <summary>
/// The real router on real Kestrel at 127.0.0.1:{free port}, configured like production through
/// configuration keys, with its own tenant and SQLite CRM file, and the known test credentials
/// (<see cref="Credentials"/>) unless started in development mode. Dispose stops it.
/// </summary>
public sealed class RoutingServerHost : IAsyncDisposable, ITestServer
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private RoutingServerHost(WebApplication app, string directory, string tenant, Uri address, bool developmentMode)
    {
        _app = app;
        _directory = directory;
        Tenant = tenant;
        Address = address;
        Credentials = new TestCredentials(tenant);
        Channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            MaxSendMessageSize = 4 * 1024 * 1024,
            HttpHandler = developmentMode ? new SocketsHttpHandler { EnableMultipleHttp2Connections = true } : new DefaultCredentialHandler(Credentials),
        });
        Keys = new RoutingKeys(tenant);
    }

    public TestCredentials Credentials { get; }

    /// <summary>Development mode's credentials file (when started with developmentMode).</summary>
    public string DevelopmentCredentialsFile => Path.Combine(_directory, "dev-credentials.json");

    public string Tenant { get; }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    public RoutingKeys Keys { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The SQLite CRM file this host uses.</summary>
    public string CrmDatabase => Path.Combine(_directory, "crm.db");

    /// <summary>Starts a router against <paramref name="redisConnectionString"/>; <paramref name="settings"/> override configuration.</summary>
    /// <param name="tenant">Share a tenant with another host to run several nodes on one Redis.</param>
    /// <param name="logs">Receives the host's logs (none are kept otherwise).</param>
    /// <param name="configure">Runs after the router is added, before the host is built: e.g. to wrap a service.</param>
    /// <param name="developmentMode">No credentials configured: the server generates its own (in <see cref="DevelopmentCredentialsFile"/>) and the channel adds none.</param>
    public static async Task<RoutingServerHost> StartAsync(string redisConnectionString, IDictionary<string, string?>? settings = null, string? tenant = null, string? node = null,
        ILoggerProvider? logs = null, Action<WebApplicationBuilder>? configure = null, bool developmentMode = false)
    {
        var directory = Directory.CreateTempSubdirectory("routing-e2e-").FullName;
        tenant ??= TestTenant.New();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = directory, EnvironmentName = "Testing" });
        var defaults = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Routing:Tenant"] = tenant,
            ["Routing:Node"] = node ?? "e2e-" + tenant,
            ["Redis:ConnectionString"] = redisConnectionString,
            ["Crm:Provider"] = "Sqlite",
            ["Crm:ConnectionString"] = $"Data Source={Path.Combine(directory, "crm.db")}",
            ["Crm:SeedDemoData"] = "true",
            ["Security:Reflection"] = "true",
        };
        var credentials = developmentMode
            ? new Dictionary<string, string?> { ["Security:Development:CredentialsFile"] = Path.Combine(directory, "dev-credentials.json") }
            : new TestCredentials(tenant).Settings();
        foreach (var (key, value) in credentials)
        {
            defaults[key] = value;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            defaults[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(defaults);
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        ServerHosting.AddRoutingServer(builder);
        configure?.Invoke(builder);
        var app = builder.Build();
        ServerHosting.MapRoutingServer(app);
        await app.StartAsync().WaitAsync(TestTimeout.Long);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RoutingServerHost(app, directory, tenant, new Uri(address), developmentMode);
    }

    /// <summary>
    /// Changes configuration keys and reloads the configuration, as an edited appsettings.json does
    /// (reloadOnChange): the server's reload handlers have run when this returns.
    /// </summary>
    public void Reconfigure(params (string Key, string? Value)[] settings)
    {
        var root = (IConfigurationRoot)_app.Configuration;
        var memory = root.Providers.OfType<Microsoft.Extensions.Configuration.Memory.MemoryConfigurationProvider>().Last();
        foreach (var (key, value) in settings)
        {
            memory.Set(key, value);
        }

        root.Reload();
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync().WaitAsync(TestTimeout.Short);
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp directory is cleaned by the OS.
        }
    }
}
