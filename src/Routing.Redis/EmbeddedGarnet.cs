using System.Net;
using System.Net.Sockets;
using Garnet;

namespace Routing.Redis;

/// <summary>
/// An in-process Garnet server with Lua enabled, bound to 127.0.0.1, so the router runs with
/// nothing installed. Production uses Redis 7 / Redis Cluster through the connection string.
/// </summary>
public sealed class EmbeddedGarnet : IDisposable
{
    private readonly GarnetServer _server;

    public EmbeddedGarnet(EmbeddedGarnetOptions options)
    {
        Port = options.Port > 0 ? options.Port : FreeLoopbackPort();
        List<string> args = ["--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--lua", "--memory", options.Memory, "--index", options.Index, "--logger-level", "Warning"];
        if (!string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            var dir = Path.GetFullPath(options.DataDirectory);
            Directory.CreateDirectory(dir);
            // Append-only file committed per operation and replayed at start: what was acknowledged
            // survives a restart. RandomAccess avoids Garnet's native device, which needs libaio.
            args.AddRange(["--aof", "--recover", "--checkpointdir", dir, "--device-type", "RandomAccess"]);
        }

        _server = new GarnetServer([.. args]);
        _server.Start();
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public void Dispose() => _server.Dispose();

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
