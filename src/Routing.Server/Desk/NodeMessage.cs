using Routing.Redis;

namespace Routing.Server.Desk;

/// <summary>What one node publishes on another's channel: an event for a session there, and the tenant it belongs to.</summary>
internal sealed record NodeMessage(string Tenant, RoutingEvent Event);
