using System.Reflection;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Routing.Protos.V1;
using Routing.Server.Grpc;
using Routing.Server.Security;
using Routing.Server.Supervisor;

namespace Routing.Server.Wallboard;

/// <summary>
/// Serves the live wallboard on a Kestrel listener of its own (Wallboard:Url), apart from the gRPC
/// endpoints: those are HTTP/2 only over cleartext (h2c), which browsers do not speak.
/// <list type="bullet">
/// <item><c>/wallboard</c>, <c>/wallboard/wallboard.js</c>, <c>/wallboard/wallboard.css</c>: the page, embedded in the
/// assembly, anonymous (it carries no data).</item>
/// <item><c>/wallboard/events?access_token=&lt;jwt&gt;</c>: server-sent events, each a
/// <see cref="WatchQueuesResponse"/> as protobuf JSON, from <see cref="QueueWatch"/> for the token's tenant (all
/// queues, with agents). The token is checked by the main server's JWT bearer scheme and must carry the
/// <c>supervisor</c> role (401 without a valid token, 403 without the role). EventSource cannot set headers, hence the
/// query string, accepted on this path only.</item>
/// </list>
/// </summary>
public sealed class WallboardServer(IServiceProvider services, IOptions<WallboardOptions> options, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    public const string PagePath = "/wallboard";
    public const string EventsPath = "/wallboard/events";

    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    private static readonly Dictionary<string, (string Resource, string ContentType)> Assets = new(StringComparer.Ordinal)
    {
        [PagePath] = ("index.html", "text/html; charset=utf-8"),
        [PagePath + "/"] = ("index.html", "text/html; charset=utf-8"),
        [PagePath + "/wallboard.js"] = ("wallboard.js", "text/javascript; charset=utf-8"),
        [PagePath + "/wallboard.css"] = ("wallboard.css", "text/css; charset=utf-8"),
    };

    private WebApplication? _app;

    /// <summary>The page's address once started (the real port when configured with port 0).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseUrls(options.Value.Url);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http1));
        builder.Services.AddSingleton(loggers);
        builder.Services.AddLogging();
        builder.Services.AddRouting();
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Address = address is null ? null : new Uri(new Uri(address), PagePath);
        WallboardLog.Listening(loggers.CreateLogger<WallboardServer>(), Address?.ToString() ?? options.Value.Url);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (path == EventsPath)
        {
            await StreamAsync(context).ConfigureAwait(false);
            return;
        }

        if (!Assets.TryGetValue(path, out var asset))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Routing.Server.Wallboard.assets." + asset.Resource)
            ?? throw new InvalidOperationException("The wallboard asset " + asset.Resource + " is not embedded.");
        context.Response.ContentType = asset.ContentType;
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task StreamAsync(HttpContext context)
    {
        var token = context.Request.Query["access_token"].ToString();
        if (token.Length == 0)
        {
            token = context.Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..] : "";
        }

        // The main server's bearer scheme (its keys, issuer, audience, tenants), run against this request.
        await using var scope = services.CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        context.Request.Headers.Authorization = "Bearer " + token;
        var result = token.Length == 0 ? AuthenticateResult.NoResult() : await context.AuthenticateAsync(RoutingAuthentication.Bearer).ConfigureAwait(false);
        var caller = result.Succeeded ? TenantResolver.FromUser(result.Principal) : null;
        if (caller is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("The wallboard needs a supervisor token: open /wallboard#token=<jwt>.", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (!caller.IsInRole(RoutingRoles.Supervisor))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("The wallboard needs the supervisor role.", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        await context.Response.WriteAsync(": wallboard\n\n", context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        var watch = services.GetRequiredService<QueueWatch>();
        await watch.RunAsync(caller.Tenant, new WatchQueuesRequest { IncludeAgents = true }, new EventWriter(context.Response), context.RequestAborted).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Each response as one "data:" event of protobuf JSON (one line: JSON has no raw newlines).</summary>
    private sealed class EventWriter(HttpResponse response) : IServerStreamWriter<WatchQueuesResponse>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(WatchQueuesResponse message) => WriteAsync(message, CancellationToken.None);

        public async Task WriteAsync(WatchQueuesResponse message, CancellationToken cancellationToken)
        {
            var text = "data: " + Json.Format(message) + "\n\n";
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
