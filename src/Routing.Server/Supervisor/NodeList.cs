using Google.Protobuf.WellKnownTypes;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.Configuration;
using Routing.Server.Tenants;

namespace Routing.Server.Supervisor;

/// <summary>Supervisor.ListNodes: each node's configuration version and hash, heartbeat and desks, as the nodes wrote them to Redis.</summary>
public sealed class NodeList(NodeConfigurationStore store, NodeConfigurationPublisher publisher, RoutingConfigurationHolder configuration)
{
    public async Task<ListNodesResponse> ListAsync(string tenant, CancellationToken cancellationToken)
    {
        var nodes = await store.ReadAsync(tenant).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!nodes.Any(n => n.Node == configuration.Node))
        {
            // A tenant nobody wrote to yet: this node lists itself now rather than answer an empty list.
            await publisher.ReportAsync(tenant, cancellationToken).ConfigureAwait(false);
            nodes = await store.ReadAsync(tenant).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var response = new ListNodesResponse();
        foreach (var node in nodes)
        {
            var entry = new NodeConfiguration
            {
                Node = node.Node,
                ConfigurationVersion = node.Version,
                ConfigurationHash = node.Hash,
                ConfigurationAppliedAt = Timestamp.FromDateTimeOffset(node.AppliedAt),
                Alive = node.LastHeartbeat is not null,
                AgentsConnected = node.AgentsConnected,
                ReportedAt = Timestamp.FromDateTimeOffset(node.WrittenAt),
            };
            if (node.LastHeartbeat is { } beat)
            {
                entry.LastHeartbeat = Timestamp.FromDateTimeOffset(beat);
            }

            response.Nodes.Add(entry);
        }

        return response;
    }
}
