using System.Globalization;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.IdentityModel.Tokens;
using Routing.Server.Grpc;

namespace Routing.Server.Security;

/// <summary>
/// A gRPC call refused by authorization is answered as gRPC, with the router's code in the
/// "routing-error" trailer, before the service runs (so nothing is written): no credential, or one
/// that is invalid or expired, is UNAUTHENTICATED; a valid one without the role the RPC needs is
/// PERMISSION_DENIED "role_not_allowed". ASP.NET Core's own 401/403 would reach the client only as
/// a status mapped from HTTP, without the code.
/// </summary>
public sealed class GrpcAuthorizationResultHandler(ILogger<GrpcAuthorizationResultHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
            return;
        }

        var failure = authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true
            ? Forbidden(policy, context)
            : await UnauthenticatedAsync(context).ConfigureAwait(false);
        SecurityLog.Refused(logger, context.Request.Path, failure.Status.ToString(), failure.Code);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)failure.Status).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = PercentEncode(failure.Message);
        context.Response.Headers[RoutingStatus.ErrorTrailer] = failure.Code;
    }

    private static async Task<RoutingFailure> UnauthenticatedAsync(HttpContext context)
    {
        if (string.IsNullOrWhiteSpace(context.Request.Headers.Authorization))
        {
            return new(StatusCode.Unauthenticated, "credential_missing", null,
                "This call needs a credential: metadata \"authorization: ApiKey <key>\" (gateways) or \"authorization: Bearer <token>\" (agents, supervisors, admins).");
        }

        // The handler keeps its result for the request, so this reads the failure, it does not validate again.
        var result = await context.AuthenticateAsync(RoutingAuthentication.Scheme).ConfigureAwait(false);
        return result.Failure is SecurityTokenExpiredException
            ? new(StatusCode.Unauthenticated, "credential_expired", null, "The token has expired; get a new one.")
            : new(StatusCode.Unauthenticated, "credential_invalid", null, "The credential is not valid here (unknown key, bad signature, issuer or audience, or no tenant).");
    }

    private static RoutingFailure Forbidden(AuthorizationPolicy policy, HttpContext context)
    {
        var needed = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList();
        var caller = TenantResolver.FromUser(context.User);
        var has = caller is null ? "" : string.Join(", ", caller.Roles.Order(StringComparer.Ordinal));
        return new(StatusCode.PermissionDenied, "role_not_allowed", null,
            needed.Count == 0 ? "This credential may not make this call." : $"This call needs the role {string.Join(" or ", needed)}; the credential has: {has}.");
    }

    /// <summary>grpc-message is percent-encoded (gRPC over HTTP/2): every byte outside printable ASCII, and '%'.</summary>
    private static string PercentEncode(string message)
    {
        var builder = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
