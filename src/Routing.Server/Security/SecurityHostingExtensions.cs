using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Routing.Redis;

namespace Routing.Server.Security;

public static class SecurityHostingExtensions
{
    /// <summary>
    /// Authentication (API keys and JWT bearer behind one policy scheme), authorization (a
    /// fallback policy: every endpoint needs an authenticated caller with a tenant unless it says
    /// otherwise; services name their roles with [Authorize]) and, with nothing configured,
    /// development mode.
    /// </summary>
    public static void AddRoutingSecurity(this WebApplicationBuilder builder, IReadOnlyList<string> urls)
    {
        var section = builder.Configuration.GetSection(SecurityOptions.SectionName);
        var security = section.Get<SecurityOptions>() ?? new SecurityOptions();
        builder.Services.AddOptions<SecurityOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();

        var development = DevelopmentCredentials.None;
        if (security.IsDevelopmentMode)
        {
            if (DevelopmentCredentials.NonLoopbackUrls(urls) is { Count: > 0 } exposed)
            {
                throw new DevelopmentModeException(
                    $"Development mode (no Security:ApiKeys, Security:ApiKeyFile, Security:Jwt:SigningKey or Security:Jwt:Authority configured) " +
                    $"serves loopback only, but {string.Join(", ", exposed)} is configured. Configure credentials (README, \"Security\") or listen on 127.0.0.1.");
            }

            var tenant = builder.Configuration["Routing:Tenant"] is { Length: > 0 } t ? t : "default";
            if (RoutingKeys.IsValidTenant(tenant))
            {
                development = DevelopmentCredentials.Create(tenant, security.Development, DateTimeOffset.UtcNow);
                builder.Services.AddHostedService<DevelopmentCredentialsBanner>();
            }
        }

        builder.Services.AddSingleton(development);
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddAuthentication(RoutingAuthentication.Scheme)
            .AddPolicyScheme(RoutingAuthentication.Scheme, RoutingAuthentication.Scheme, o => o.ForwardDefaultSelector = RoutingAuthentication.SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(RoutingAuthentication.ApiKey, null)
            .AddJwtBearer(RoutingAuthentication.Bearer, o => ConfigureJwt(o, security.Jwt, development.Current));

        var callerWithTenant = new AuthorizationPolicyBuilder(RoutingAuthentication.Scheme).RequireAuthenticatedUser().RequireClaim(RoutingClaims.Tenant).Build();
        builder.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(callerWithTenant)
            .SetFallbackPolicy(callerWithTenant);
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();
    }

    private static void ConfigureJwt(JwtBearerOptions options, JwtOptions jwt, DevelopmentCredentialSet? development)
    {
        // Claim names stay as issued ("sub", "role", "tenant"), not mapped to the long WS-* names.
        options.MapInboundClaims = false;
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = development?.Issuer ?? jwt.Issuer,
            ValidAudience = development?.Audience ?? jwt.Audience,
            NameClaimType = RoutingClaims.Subject,
            RoleClaimType = RoutingClaims.Role,
            RequireExpirationTime = true,
            ClockSkew = jwt.ClockSkew,
        };
        var key = TokenIssuer.TryParseKey(development?.SigningKey ?? jwt.SigningKey);
        if (key is not null)
        {
            parameters.IssuerSigningKey = new SymmetricSecurityKey(key);
        }

        if (!string.IsNullOrWhiteSpace(jwt.Authority) && development is null)
        {
            options.Authority = jwt.Authority;
            options.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
        }

        options.TokenValidationParameters = parameters;
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                // The tenant scopes every read and write: a token without a valid one is no credential here.
                if (!RoutingKeys.IsValidTenant(context.Principal?.FindFirst(RoutingClaims.Tenant)?.Value ?? "") ||
                    string.IsNullOrWhiteSpace(context.Principal?.FindFirst(RoutingClaims.Subject)?.Value))
                {
                    context.Fail("The token has no valid tenant or sub claim.");
                }

                return Task.CompletedTask;
            },
        };
    }
}
