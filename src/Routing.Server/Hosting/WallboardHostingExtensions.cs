using Routing.Server.Wallboard;

namespace Routing.Server.Hosting;

public static class WallboardHostingExtensions
{
    /// <summary>The live wallboard page and its event stream on their own listener, when Wallboard:Url is set.</summary>
    public static WebApplicationBuilder AddRoutingWallboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WallboardOptions>()
            .Bind(builder.Configuration.GetSection(WallboardOptions.SectionName))
            .Validate(o => string.IsNullOrEmpty(o.Url) || IsHttpUrl(o.Url),
                "Wallboard:Url must be an http:// address such as http://127.0.0.1:5082, or empty to switch the page off.")
            .ValidateOnStart();
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{WallboardOptions.SectionName}:Url"]))
        {
            builder.Services.AddSingleton<WallboardServer>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<WallboardServer>());
        }

        return builder;
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttp;
}
