namespace Routing.Server.Security;

/// <summary>The authentication schemes: one policy scheme picks API key or JWT bearer by the "authorization" header's prefix.</summary>
public static class RoutingAuthentication
{
    /// <summary>The default scheme: forwards to <see cref="ApiKey"/> or <see cref="Bearer"/>.</summary>
    public const string Scheme = "Routing";

    /// <summary>"authorization: ApiKey &lt;key&gt;": channel gateways.</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>"authorization: Bearer &lt;jwt&gt;": agents, supervisors, admins.</summary>
    public const string Bearer = "Bearer";

    public static string SelectScheme(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith(ApiKey + " ", StringComparison.OrdinalIgnoreCase) ? ApiKey : Bearer;
}
