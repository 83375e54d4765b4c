using System.Diagnostics;

namespace Routing.Core.Telemetry;

/// <summary>
/// The router's spans, under the activity source "Routing": one per engine script and one per CRM
/// lookup and statement. Tags hold ids (tenant, contact, queue, agent), never personal data.
/// </summary>
public static class RoutingActivities
{
    public const string SourceName = "Routing";

    public const string Tenant = "routing.tenant";
    public const string Script = "routing.script";
    public const string ContactId = "routing.contact.id";
    public const string Queue = "routing.queue";
    public const string AgentId = "routing.agent.id";

    public static ActivitySource Source { get; } = new(SourceName);
}
