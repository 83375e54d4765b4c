using Google.Protobuf.WellKnownTypes;
using Routing.Protos.V1;

namespace Routing.Server.Supervisor;

/// <summary>
/// One read of a tenant's board, shared (read-only) by every watcher of the tenant on this node.
/// Durations in it are whole seconds, so an unchanged queue compares equal from one read to the next.
/// </summary>
public sealed record BoardFrame(
    long Sequence,
    Timestamp At,
    IReadOnlyDictionary<string, QueueStats> Queues,
    IReadOnlyDictionary<string, AgentState> Agents,
    IReadOnlyDictionary<string, IReadOnlyList<string>> AgentQueues);
