using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace Routing.Server.Grpc;

/// <summary>
/// Makes every failed gRPC call carry the router's error code in the "routing-error" trailer,
/// including failures gRPC itself raises before any router code runs (a message over the size
/// limit, an unknown method): those get the code <see cref="RoutingStatus.CodeFor"/> gives their status.
/// </summary>
public sealed class RoutingErrorTrailerMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context).ConfigureAwait(false);
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
        {
            return;
        }

        // A call that failed before writing a message is answered trailers-only: its status is in the headers.
        var trailers = context.Response.HasStarted ? context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers : context.Response.Headers;
        if (trailers is null || trailers.IsReadOnly || trailers.ContainsKey(RoutingStatus.ErrorTrailer) ||
            !int.TryParse(trailers["grpc-status"], out var status) || status == (int)StatusCode.OK)
        {
            return;
        }

        trailers[RoutingStatus.ErrorTrailer] = RoutingStatus.CodeFor((StatusCode)status);
    }
}
