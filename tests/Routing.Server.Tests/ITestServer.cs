using Grpc.Net.Client;

namespace Routing.Server.Tests;

/// <summary>A router under test, in-process (<see cref="RoutingServerHost"/>) or a child process (<see cref="RoutingServerProcess"/>).</summary>
public interface ITestServer
{
    /// <summary>A channel that adds a default credential per service (see <see cref="DefaultCredentialHandler"/>).</summary>
    GrpcChannel Channel { get; }

    TestCredentials Credentials { get; }
}
