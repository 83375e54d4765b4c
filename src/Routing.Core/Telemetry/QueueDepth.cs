namespace Routing.Core.Telemetry;

/// <summary>How many contacts wait in one tenant's queue (every channel), as sampled.</summary>
public sealed record QueueDepth(string Tenant, string Queue, long Waiting);
