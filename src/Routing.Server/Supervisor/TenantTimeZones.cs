using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Routing.Server.Configuration;

namespace Routing.Server.Supervisor;

/// <summary>Each tenant's time zone, whose midnight starts "today" in its figures (Routing:TimeZone, Routing:TenantTimeZones).</summary>
public sealed class TenantTimeZones(IOptions<RoutingOptions> options)
{
    private readonly ConcurrentDictionary<string, TimeZoneInfo> _zones = new(StringComparer.Ordinal);

    public TimeZoneInfo For(string tenant) => _zones.GetOrAdd(tenant, t =>
        TimeZoneInfo.FindSystemTimeZoneById(options.Value.TenantTimeZones.GetValueOrDefault(t) ?? options.Value.TimeZone));

    public static bool IsKnown(string? id) => id is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
}
