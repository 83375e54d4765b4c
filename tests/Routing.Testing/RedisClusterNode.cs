using System.Net;

namespace Routing.Testing;

/// <summary>One primary of a test <see cref="RedisCluster"/>: its cluster node id and address.</summary>
public sealed record RedisClusterNode(string Id, IPEndPoint EndPoint);
