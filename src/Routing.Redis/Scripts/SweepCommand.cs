namespace Routing.Redis;

/// <summary>One sweeper pass of a node (sweep.lua): at most <paramref name="Batch"/> items per kind.</summary>
public sealed record SweepCommand(string Tenant, string Node, int Batch, TimeSpan NodeTimeout, DateTimeOffset Now);
