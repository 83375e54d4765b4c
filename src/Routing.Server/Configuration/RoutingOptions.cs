using Routing.Core.Conversations;

namespace Routing.Server.Configuration;

/// <summary>Who this router is and how it orders and threads contacts.</summary>
public sealed class RoutingOptions
{
    public const string SectionName = "Routing";

    /// <summary>
    /// The development tenant: the tenant of development mode's generated credentials and of the
    /// seeded demo customers. Nothing else reads it: the
    /// tenant of a call comes from the caller's credential, and the background loops serve every
    /// active tenant (<see cref="Tenants"/> and the Redis registry). a-z, 0-9, '-', '_'.
    /// </summary>
    public string Tenant { get; set; } = "default";

    /// <summary>
    /// Tenants this node serves from start-up, before any call of theirs: registered, their queue
    /// strategies published, swept. Every other tenant becomes active with its first call on any
    /// node. Name here a tenant whose data predates the registry (an upgrade from one tenant per node).
    /// </summary>
    public List<string> Tenants { get; set; } = [];

    /// <summary>
    /// The operator's number for the routing configuration (rules, channels, queue strategies,
    /// limits), raised with each rollout. Every node reports the version it runs (Supervisor.ListNodes),
    /// and a node never overwrites the queue strategies a node of a newer version wrote to Redis.
    /// </summary>
    public long ConfigurationVersion { get; set; }

    /// <summary>This server node's name in timelines and logs; defaults to host name and process id.</summary>
    public string Node { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>How much waiting time one priority point is worth (aging): a contact 10 points lower overtakes after 10 x this.</summary>
    public TimeSpan PriorityWeight { get; set; } = TimeSpan.FromMinutes(1);

    public ThreadingOptions Threading { get; set; } = new();

    /// <summary>
    /// The time zone (IANA or Windows id) whose midnight starts "today" in the supervisors' figures,
    /// for every tenant not named in <see cref="TenantTimeZones"/>.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>A tenant's own time zone for its figures' "today", by tenant.</summary>
    public Dictionary<string, string> TenantTimeZones { get; set; } = [];
}
