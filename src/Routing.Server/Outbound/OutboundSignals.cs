using System.Collections.Concurrent;
using Routing.Redis;
using StackExchange.Redis;

namespace Routing.Server.Outbound;

/// <summary>
/// Wakes this node's gateway streams when a delivery is queued (or put back) for their tenant and
/// channel on any node: one pub/sub subscription per node, "tenant|channel" messages. A wake-up is
/// a hint only: Redis holds the deliveries, and every stream also looks on
/// <see cref="OutboundOptions.PollInterval"/>.
/// </summary>
public sealed class OutboundSignals(IConnectionMultiplexer redis, ILogger<OutboundSignals> logger) : IHostedService
{
    private readonly ConcurrentDictionary<GatewayWakeUp, byte> _streams = new();
    private ChannelMessageQueue? _subscription;

    public IDisposable Register(GatewayWakeUp stream)
    {
        _streams[stream] = 0;
        return new Registration(() => _streams.TryRemove(stream, out _));
    }

    /// <summary>Wakes the streams of this node at once; other nodes through pub/sub.</summary>
    public void Signal(string tenant, string channel)
    {
        Wake(tenant, channel);
        _ = redis.GetSubscriber().PublishAsync(RoutingKeys.OutboxChannel, tenant + "|" + channel, CommandFlags.FireAndForget);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = await redis.GetSubscriber().SubscribeAsync(RoutingKeys.OutboxChannel).ConfigureAwait(false);
        _subscription.OnMessage(m =>
        {
            var text = (string?)m.Message ?? "";
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0)
            {
                Wake(text[..bar], text[(bar + 1)..]);
            }
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_subscription is not null)
            {
                await _subscription.UnsubscribeAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            // Redis may be down while the host stops; the host must still stop.
            OutboundLog.SignalStopFailed(logger, ex.GetType().Name);
        }
    }

    private void Wake(string tenant, string channel)
    {
        foreach (var stream in _streams.Keys)
        {
            if (stream.Tenant == tenant && stream.Channels.Contains(channel))
            {
                stream.Wake();
            }
        }
    }

    private sealed class Registration(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
