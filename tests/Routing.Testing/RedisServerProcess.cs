using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Routing.Testing;

/// <summary>
/// A real Debian redis-server on 127.0.0.1 and a free port, owned by the test run: in memory only,
/// or durable (append-only file, fsync on every write) in a data directory, so that it can be
/// killed and started again on the same port with the same data. A missing redis-server fails
/// loudly: scripts/test.sh installs it.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly string[] _arguments;
    private Process _process;

    private RedisServerProcess(Process process, string[] arguments, int port, ConnectionMultiplexer connection)
    {
        _process = process;
        _arguments = arguments;
        Port = port;
        Connection = connection;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public ConnectionMultiplexer Connection { get; }

    /// <param name="dataDirectory">Null: in memory only. Else the append-only file lives there (appendfsync always).</param>
    public static async Task<RedisServerProcess> StartAsync(string? dataDirectory = null)
    {
        var port = FreeLoopbackPort();
        string[] arguments = ["--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--save", "", "--protected-mode", "yes", "--loglevel", "warning",
            .. dataDirectory is null ? (string[])["--appendonly", "no"] : ["--dir", dataDirectory, "--appendonly", "yes", "--appendfsync", "always"]];
        var process = Launch(arguments);
        var connection = await ConnectAsync(process, port);
        return new RedisServerProcess(process, arguments, port, connection);
    }

    /// <summary>Kills redis-server (SIGKILL: nothing is flushed that was not already) and starts it again on the same port and data.</summary>
    public async Task RestartAsync(TimeSpan downtime)
    {
        _process.Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        await Task.Delay(downtime);
        _process = Launch(_arguments);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await Connection.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2));
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    private static Process Launch(string[] arguments) =>
        RedisTools.Start(RedisTools.Find("redis-server"), Directory.GetCurrentDirectory(), arguments);

    private static async Task<ConnectionMultiplexer> ConnectAsync(Process process, int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},connectTimeout=1000").WaitAsync(TimeSpan.FromSeconds(5));
                await connection.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(5));
                return connection;
            }
            catch (Exception) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
