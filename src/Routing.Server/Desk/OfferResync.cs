using Microsoft.Extensions.Options;
using Routing.Redis;
using Routing.Server.Configuration;
using StackExchange.Redis;

namespace Routing.Server.Desk;

/// <summary>
/// Sends again the offers this node's desks have not heard. An offer is committed in Redis by the
/// script that makes it, but the wake-up to the agent's node is pub/sub, lost if the publishing node
/// dies before it publishes or this node is re-subscribing after a Redis restart. Every
/// <see cref="EngineOptions.OfferResyncInterval"/>, and at once after a reconnect to Redis, the open
/// offers of every session on this node are read back and those its desk was not sent are
/// delivered, so no committed offer holds an agent's slot unheard for its whole timeout. A session
/// that is no longer the agent's live one in Redis (its node was declared dead while it was alive,
/// e.g. cut off from Redis for longer than the node timeout) is ended, so its desk connects again
/// instead of waiting for offers that can no longer come. Each pass first records the ends of
/// sessions that closed while Redis was down (<see cref="AgentSessionRegistry.RecordEndLater"/>), so
/// no agent stays "connected" in Redis with no desk behind it.
/// </summary>
public sealed class OfferResync(
    IConnectionMultiplexer redis,
    PendingOfferReader reader,
    AgentSessionRegistry sessions,
    EventDispatcher dispatcher,
    IDeskEngine engine,
    TimeProvider time,
    IOptions<RoutingOptions> routing,
    IOptions<EngineOptions> options,
    ILogger<OfferResync> logger) : BackgroundService
{
    /// <summary>An offer younger than this may still be on its way over pub/sub.</summary>
    private static readonly TimeSpan InFlight = TimeSpan.FromSeconds(1);

    /// <summary>A session this young may not be in Redis yet (its hello is being recorded).</summary>
    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(5);

    private const int ReadsAtOnce = 64;

    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Runs a pass now instead of at the next interval.</summary>
    public void Wake() => _wake.TrySetResult();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var outage = new LoopOutage(logger, "offer-resync");
        var interval = options.Value.OfferResyncInterval;
        redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wake = _wake.Task;
                await Task.WhenAny(Task.Delay(interval, time, stoppingToken), wake).ConfigureAwait(false);
                if (wake.IsCompleted)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                try
                {
                    await ResyncAsync().ConfigureAwait(false);
                    outage.Succeeded();
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    outage.Failed(ex);
                }
            }
        }
        finally
        {
            redis.ConnectionRestored -= OnConnectionRestored;
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => Wake();

    private async Task ResyncAsync()
    {
        await RecordEndsAsync().ConfigureAwait(false);
        var node = routing.Value.Node;
        var before = time.GetUtcNow() - InFlight;
        foreach (var chunk in sessions.All.Chunk(ReadsAtOnce))
        {
            var reads = await Task.WhenAll(chunk.Select(s => reader.ReadAsync(s.Tenant, node, s.AgentId, s.SessionId, before))).ConfigureAwait(false);
            foreach (var (session, pending) in chunk.Zip(reads))
            {
                if (!pending.SessionLive)
                {
                    if (session.Age > Settling)
                    {
                        DeskLog.SessionNoLongerLive(logger, session.AgentId, session.SessionId);
                        session.End("no longer the agent's live session; connect again");
                    }

                    continue;
                }

                var unheard = pending.Offers.Where(e => !session.Knows(e.OfferId)).ToList();
                if (unheard.Count > 0)
                {
                    DeskLog.OffersResent(logger, session.AgentId, unheard.Count);
                    dispatcher.Dispatch(session.Tenant, unheard);
                }
            }
        }
    }

    private async Task RecordEndsAsync()
    {
        while (sessions.TryTakeUnrecordedEnd(out var ended))
        {
            try
            {
                var gone = await engine.DisconnectAsync(ended, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                engine.Deliver(ended.Tenant, gone.Events);
            }
            catch
            {
                sessions.RecordEndLater(ended);
                throw;
            }
        }
    }
}
