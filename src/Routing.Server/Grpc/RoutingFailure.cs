using Grpc.Core;

namespace Routing.Server.Grpc;

/// <summary>A failure as a caller sees it: the gRPC status, the router's stable error code, the offending field (if any) and the message.</summary>
public sealed record RoutingFailure(StatusCode Status, string Code, string? Field, string Message);
