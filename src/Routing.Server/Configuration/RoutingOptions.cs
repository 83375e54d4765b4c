using Routing.Core.Conversations;

namespace Routing.Server.Configuration;

/// <summary>Who this router is and how it orders and threads contacts.</summary>
public sealed class RoutingOptions
{
    public const string SectionName = "Routing";

    /// <summary>
    /// The tenant every call is scoped to until authentication lands (then it comes from the
    /// caller's identity, never from a request field). a-z, 0-9, '-', '_'.
    /// </summary>
    public string Tenant { get; set; } = "default";

    /// <summary>This server node's name in timelines and logs; defaults to host name and process id.</summary>
    public string Node { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>How much waiting time one priority point is worth (aging): a contact 10 points lower overtakes after 10 x this.</summary>
    public TimeSpan PriorityWeight { get; set; } = TimeSpan.FromMinutes(1);

    public ThreadingOptions Threading { get; set; } = new();
}
