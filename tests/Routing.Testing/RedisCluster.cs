using System.Diagnostics;
using System.Globalization;
using System.Net;
using StackExchange.Redis;

namespace Routing.Testing;

/// <summary>
/// A real Redis Cluster of three primaries (Debian's redis-server with --cluster-enabled yes, no
/// replicas) on 127.0.0.1 and free ports, in memory only, each node in a temporary folder of its own
/// for nodes.conf. Dispose stops the processes it started, by their ids. A missing redis-server or
/// redis-cli fails loudly: scripts/test.sh installs them.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private readonly List<Process> _processes;
    private readonly string _directory;

    private RedisCluster(List<Process> processes, string directory, IReadOnlyList<RedisClusterNode> nodes, ConnectionMultiplexer connection)
    {
        _processes = processes;
        _directory = directory;
        Nodes = nodes;
        Connection = connection;
    }

    public IReadOnlyList<RedisClusterNode> Nodes { get; }

    /// <summary>One multiplexer over the whole cluster, as the router would hold it.</summary>
    public ConnectionMultiplexer Connection { get; }

    public string ConnectionString => string.Join(',', Nodes.Select(n => n.EndPoint));

    public static async Task<RedisCluster> StartAsync(int primaries = 3)
    {
        var server = RedisTools.Find("redis-server");
        var cli = RedisTools.Find("redis-cli");
        var directory = Directory.CreateTempSubdirectory("routing-cluster-").FullName;
        var processes = new List<Process>();
        try
        {
            var ports = new List<int>();
            for (var i = 0; i < primaries; i++)
            {
                // The OS may hand out a port it just gave us again until a node binds it: keep them distinct.
                var port = RedisServerProcess.FreeLoopbackPort();
                while (ports.Contains(port))
                {
                    port = RedisServerProcess.FreeLoopbackPort();
                }

                var folder = Path.Combine(directory, port.ToString(CultureInfo.InvariantCulture));
                Directory.CreateDirectory(folder);
                processes.Add(RedisTools.Start(server, folder,
                    "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000",
                    "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning"));
                ports.Add(port);
            }

            foreach (var port in ports)
            {
                await RedisTools.WaitForPingAsync(cli, port, processes, TimeSpan.FromSeconds(15));
            }

            await RedisTools.RunAsync(cli, TimeSpan.FromSeconds(30),
                ["--cluster", "create", .. ports.Select(p => $"127.0.0.1:{p}"), "--cluster-replicas", "0", "--cluster-yes"]);

            var connection = await ConnectWhenStableAsync(ports, TimeSpan.FromSeconds(30));
            var nodes = new List<RedisClusterNode>();
            foreach (var port in ports)
            {
                var endPoint = new IPEndPoint(IPAddress.Loopback, port);
                var id = (string)(await connection.GetServer(endPoint).ExecuteAsync("CLUSTER", "MYID").WaitAsync(TimeSpan.FromSeconds(5)))!;
                nodes.Add(new RedisClusterNode(id, endPoint));
            }

            return new RedisCluster(processes, directory, nodes, connection);
        }
        catch
        {
            await RedisTools.StopAsync(processes);
            throw;
        }
    }

    /// <summary>The node that serves <paramref name="key"/>'s slot now (CLUSTER SLOTS, not the client's cached map).</summary>
    public async Task<RedisClusterNode> OwnerAsync(RedisKey key)
    {
        var slot = await SlotAsync(key);
        var slots = (RedisResult[])(await Connection.GetServer(Nodes[0].EndPoint).ExecuteAsync("CLUSTER", "SLOTS").WaitAsync(TimeSpan.FromSeconds(5)))!;
        foreach (var range in slots)
        {
            var parts = (RedisResult[])range!;
            if ((int)parts[0] <= slot && slot <= (int)parts[1])
            {
                var port = (int)((RedisResult[])parts[2]!)[1];
                return Nodes.Single(n => n.EndPoint.Port == port);
            }
        }

        throw new InvalidOperationException($"No node serves slot {slot}.");
    }

    /// <summary>The key's hash slot, as the cluster computes it (CLUSTER KEYSLOT).</summary>
    public async Task<int> SlotAsync(RedisKey key) =>
        (int)await Connection.GetServer(Nodes[0].EndPoint).ExecuteAsync("CLUSTER", "KEYSLOT", key).WaitAsync(TimeSpan.FromSeconds(5));

    public IServer Server(RedisClusterNode node) => Connection.GetServer(node.EndPoint);

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await RedisTools.StopAsync(_processes);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A node may still be closing its nodes.conf; the temp folder is cleaned up later.
        }
    }

    // "cluster create" returns once the nodes agree on the slots, but a node may still report
    // cluster_state:fail for a moment; the client connects only once every node reports ok.
    private static async Task<ConnectionMultiplexer> ConnectWhenStableAsync(List<int> ports, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var configuration = new ConfigurationOptions { AbortOnConnectFail = true, ConnectTimeout = 2000, ClientName = "routing-tests" };
        foreach (var port in ports)
        {
            configuration.EndPoints.Add(IPAddress.Loopback, port);
        }

        while (true)
        {
            ConnectionMultiplexer? connection = null;
            try
            {
                connection = await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(TimeSpan.FromSeconds(10));
                var states = await Task.WhenAll(ports.Select(p =>
                    connection.GetServer(new IPEndPoint(IPAddress.Loopback, p)).ExecuteAsync("CLUSTER", "INFO").WaitAsync(TimeSpan.FromSeconds(5))));
                var primaries = connection.GetServers().Count(s => s.IsConnected && !s.IsReplica);
                if (states.All(s => ((string)s!).Contains("cluster_state:ok", StringComparison.Ordinal)) && primaries == ports.Count)
                {
                    return connection;
                }
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // Not answering yet: try again below.
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"The Redis cluster on ports {string.Join(", ", ports)} did not reach cluster_state:ok within {limit}.");
            }

            await Task.Delay(100);
        }
    }
}
