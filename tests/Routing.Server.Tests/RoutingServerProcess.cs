using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Routing.Redis;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>
/// The built router (Routing.Server.dll, which the project reference copies next to the tests) run
/// as a child process on 127.0.0.1 and a free port against a test-owned Redis, for the faults an
/// in-process host cannot show: kill -9 and SIGTERM. Only its own process is ever signalled, by PID.
/// </summary>
public sealed class RoutingServerProcess : IAsyncDisposable, ITestServer
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly ConcurrentQueue<string> _output = new();

    private RoutingServerProcess(Process process, string directory, string tenant, string node, Uri address)
    {
        _process = process;
        _directory = directory;
        Tenant = tenant;
        Node = node;
        Address = address;
        Credentials = new TestCredentials(tenant);
        Channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = new DefaultCredentialHandler(Credentials) });
        Keys = new RoutingKeys(tenant);
    }

    public string Tenant { get; }

    public string Node { get; }

    public TestCredentials Credentials { get; }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    public RoutingKeys Keys { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the server wrote to its console (warnings and errors), for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts a node and waits until its health check says SERVING.</summary>
    public static async Task<RoutingServerProcess> StartAsync(string redisConnectionString, string tenant, string node, IDictionary<string, string?>? settings = null)
    {
        var server = Path.Combine(AppContext.BaseDirectory, "Routing.Server.dll");
        if (!File.Exists(server))
        {
            throw new InvalidOperationException($"{server} is missing: the test project references src/Routing.Server, so building the tests builds it.");
        }

        var directory = Directory.CreateTempSubdirectory("routing-node-").FullName;
        var port = RedisServerProcess.FreeLoopbackPort();
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var configuration = new Dictionary<string, string?>
        {
            ["urls"] = address.ToString().TrimEnd('/'),
            ["contentRoot"] = AppContext.BaseDirectory,
            ["Routing:Tenant"] = tenant,
            ["Routing:Node"] = node,
            ["Redis:ConnectionString"] = redisConnectionString,
            ["Crm:Provider"] = "Sqlite",
            ["Crm:ConnectionString"] = $"Data Source={Path.Combine(directory, "crm.db")}",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:Console:FormatterName"] = "simple",

            // Several nodes run at once: none takes the default Prometheus port.
            ["Telemetry:Prometheus:Url"] = "",
        };
        foreach (var (key, value) in new TestCredentials(tenant).Settings())
        {
            configuration[key] = value;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(server);
        foreach (var (key, value) in configuration)
        {
            info.ArgumentList.Add($"--{key}={value}");
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
        var started = new RoutingServerProcess(process, directory, tenant, node, address);
        process.OutputDataReceived += (_, e) => started.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => started.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await started.WaitServingAsync();
        return started;
    }

    /// <summary>kill -9: the node dies with its streams, its Redis heartbeats stop, nothing is cleaned up.</summary>
    public void Kill()
    {
        _process.Kill();
    }

    /// <summary>SIGTERM: the graceful stop an orchestrator asks for.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        kill.WaitForExit(5_000);
    }

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TestTimeout.Short);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans temp directories; a file still held is no failure of the test.
        }
    }

    private void Keep(string? line)
    {
        if (line is not null && _output.Count < 2_000)
        {
            _output.Enqueue(line);
        }
    }

    private async Task WaitServingAsync()
    {
        var health = new Health.HealthClient(Channel);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Node {Node} exited at start ({_process.ExitCode}):{Environment.NewLine}{Output}");
            }

            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (Grpc.Core.RpcException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Node {Node} did not serve within 60 s:{Environment.NewLine}{Output}");
            }

            await Task.Delay(100);
        }
    }
}
