using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Routing.Redis;
using Routing.Server.Configuration;

namespace Routing.Server.Tenants;

/// <summary>
/// The tenants this node serves. A tenant becomes active on this node the first time a call of it
/// is about to write (<see cref="EnsureAsync"/>): it is added to the Redis registry, this node
/// heartbeats in it and its queue strategies are published to it, once per tenant per node, before
/// anything of the tenant is written, so no tenant holds state that the registry does not list and
/// no node holds agents of a tenant where the others could not declare it dead. The background loops
/// (sweeper, CRM write-back) serve <see cref="All"/>: the tenants this node activated, the ones in
/// <see cref="RoutingOptions.Tenants"/>, and the ones other nodes registered, learned by
/// <see cref="RefreshAsync"/>, so a node sweeps a tenant it never served (one whose node died).
/// </summary>
public sealed class ActiveTenants(
    TenantRegistryStore registry,
    RoutingEngineStore store,
    NodeConfigurationStore nodeConfiguration,
    TimeProvider time,
    IOptions<RoutingOptions> routing,
    RoutingConfigurationHolder configuration,
    ILogger<ActiveTenants> logger)
{
    /// <summary>Read the whole registry at least this often, even when its size did not change.</summary>
    private static readonly TimeSpan FullReadInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Lazy<Task>> _activated = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);
    private long _registrySize = -1;
    private long? _fullReadAt;

    /// <summary>Every tenant this node's background loops serve (a snapshot).</summary>
    public IReadOnlyCollection<string> All => [.. _known.Keys];

    /// <summary>
    /// Readies <paramref name="tenant"/> before the first write of a call for it on this node:
    /// costs one registry write and one strategies write the first time, nothing afterwards. A
    /// failure (Redis down) is not remembered: the next call tries again.
    /// </summary>
    public Task EnsureAsync(string tenant, CancellationToken cancellationToken)
    {
        var entry = _activated.GetOrAdd(tenant, static (t, self) => new Lazy<Task>(() => self.ActivateAsync(t)), this);
        var activation = entry.Value;
        return activation.IsCompletedSuccessfully ? Task.CompletedTask : AwaitAsync(tenant, entry, activation, cancellationToken);
    }

    /// <summary>
    /// Learns the tenants other nodes registered. The registry only grows, so its size (O(1)) says
    /// whether there is anything new; its members are read only then, and every
    /// <see cref="FullReadInterval"/>. A tenant this node activated that the registry no longer
    /// lists (Redis lost its data) is activated again, so other nodes keep sweeping what it writes.
    /// </summary>
    public async Task RefreshAsync()
    {
        var size = await registry.CountAsync().ConfigureAwait(false);
        var activated = _activated.Where(a => a.Value.IsValueCreated && a.Value.Value.IsCompletedSuccessfully).Select(a => a.Key).ToList();
        if (size == Interlocked.Read(ref _registrySize) && size >= activated.Count && _fullReadAt is { } at && time.GetElapsedTime(at) < FullReadInterval)
        {
            return;
        }

        var registered = await registry.ReadAllAsync().ConfigureAwait(false);
        foreach (var tenant in registered)
        {
            _known.TryAdd(tenant, 0);
        }

        var lost = activated.Except(registered, StringComparer.Ordinal).ToList();
        if (lost.Count > 0)
        {
            await Task.WhenAll(lost.Select(ActivateAsync)).ConfigureAwait(false);
            size = await registry.CountAsync().ConfigureAwait(false);
        }

        Interlocked.Exchange(ref _registrySize, size);
        _fullReadAt = time.GetTimestamp();
    }

    private async Task AwaitAsync(string tenant, Lazy<Task> entry, Task activation, CancellationToken cancellationToken)
    {
        try
        {
            await activation.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (activation.IsFaulted || activation.IsCanceled)
        {
            _activated.TryRemove(new KeyValuePair<string, Lazy<Task>>(tenant, entry));
            throw;
        }
    }

    private async Task ActivateAsync(string tenant)
    {
        await Task.WhenAll(
            registry.RegisterAsync(tenant),
            store.HeartbeatAsync(tenant, routing.Value.Node, time.GetUtcNow()),
            PublishStrategiesAsync(tenant)).ConfigureAwait(false);
        _known.TryAdd(tenant, 0);
    }

    /// <summary>The tenants this node activated: after a configuration reload their strategies are published again.</summary>
    public IReadOnlyCollection<string> Activated =>
        [.. _activated.Where(a => a.Value.IsValueCreated && a.Value.Value.IsCompletedSuccessfully).Select(a => a.Key)];

    /// <summary>
    /// The matching scripts read each queue's strategy from the tenant's own hash. Published with
    /// the configuration's version: Redis keeps a newer node's strategies (logged, not an error:
    /// this node is the one behind in a rollout).
    /// </summary>
    public async Task PublishStrategiesAsync(string tenant)
    {
        var config = configuration.Current;
        var published = await nodeConfiguration.PublishStrategiesAsync(tenant, config.Version, config.QueueStrategies).ConfigureAwait(false);
        if (!published.Published)
        {
            ConfigurationLog.StrategiesNewerInRedis(logger, tenant, published.StoredVersion, config.Version);
        }
    }
}
