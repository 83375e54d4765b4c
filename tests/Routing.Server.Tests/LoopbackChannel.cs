using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;

namespace Routing.Server.Tests;

/// <summary>
/// A client channel whose connections come from another loopback address (127.0.0.2, ...): to the
/// server, another caller with the same (absent) credential.
/// </summary>
internal static class LoopbackChannel
{
    public static GrpcChannel From(Uri server, string sourceAddress) => GrpcChannel.ForAddress(server, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(sourceAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        },
    });
}
