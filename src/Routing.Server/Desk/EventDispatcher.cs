using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Routing.Core.Telemetry;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.Configuration;
using Routing.Server.Grpc;
using StackExchange.Redis;

namespace Routing.Server.Desk;

/// <summary>
/// Delivers what the routing scripts decided to the agent sessions concerned. An event for a
/// session on this node goes straight to it; one for another node is published on that node's
/// pub/sub channel (a wake-up only: Redis holds the truth, and an offer nobody hears expires back
/// into the queue). A node has one channel for all its tenants, each message naming its tenant, so
/// a node subscribes once at start and hears a tenant's first offer however new the tenant is;
/// an event reaches a session only if the session is of the event's tenant. Events of one agent
/// are handled in order on one of <see cref="Partitions"/> partitions.
/// </summary>
public sealed class EventDispatcher : IHostedService
{
    /// <summary>
    /// An offer takes a few Redis round trips to build and a partition builds one at a time, so
    /// the partitions bound how many offers are built at once: 4 capped a node at a few hundred
    /// offers a second with 1,000 desks however idle Redis and the CPU were (issue 12).
    /// </summary>
    private const int Partitions = 64;

    private readonly Channel<(string Tenant, RoutingEvent Event)>[] _partitions;
    private readonly IConnectionMultiplexer _redis;
    private readonly AgentSessionRegistry _sessions;
    private readonly ContactQueueStore _contacts;
    private readonly RoutingMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly RoutingOptions _routing;
    private readonly EngineOptions _engine;
    private readonly ILogger<EventDispatcher> _logger;
    private readonly Consent.CustomerConsent _consent;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _workers = [];
    private readonly LoopOutage _outage;

    /// <summary>
    /// Offers queued here and not yet delivered (session and offer id). The offer resync hands an
    /// offer it finds unheard to <see cref="Dispatch"/> again; while the first copy still waits in
    /// its partition, a second would only lengthen the line.
    /// </summary>
    private readonly ConcurrentDictionary<(string Session, string OfferId), byte> _pendingOffers = new();
    private ChannelMessageQueue? _subscription;

    public EventDispatcher(
        IConnectionMultiplexer redis,
        AgentSessionRegistry sessions,
        ContactQueueStore contacts,
        RoutingMetrics metrics,
        TimeProvider time,
        IOptions<RoutingOptions> routing,
        IOptions<EngineOptions> engine,
        ILogger<EventDispatcher> logger,
        Consent.CustomerConsent consent)
    {
        _consent = consent;
        _redis = redis;
        _sessions = sessions;
        _contacts = contacts;
        _metrics = metrics;
        _time = time;
        _routing = routing.Value;
        _engine = engine.Value;
        _logger = logger;
        _outage = new LoopOutage(logger, "desk-event-dispatcher");
        _partitions = [.. Enumerable.Range(0, Partitions).Select(_ => Channel.CreateUnbounded<(string, RoutingEvent)>(new UnboundedChannelOptions { SingleReader = true }))];
    }

    /// <summary>Routes each event to its session's node; never blocks and never throws.</summary>
    public void Dispatch(string tenant, IReadOnlyList<RoutingEvent> events)
    {
        foreach (var e in events)
        {
            if (e.Node == _routing.Node)
            {
                Enqueue(tenant, e);
            }
            else if (e.Node.Length > 0)
            {
                var payload = JsonSerializer.Serialize(new NodeMessage(tenant, e), DeskJsonContext.Default.NodeMessage);
                _ = _redis.GetSubscriber().PublishAsync(RoutingKeys.NodeChannel(e.Node), payload, CommandFlags.FireAndForget);
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var partition in _partitions)
        {
            _workers.Add(Task.Run(() => RunAsync(partition.Reader), CancellationToken.None));
        }

        var channel = RoutingKeys.NodeChannel(_routing.Node);
        _subscription = await _redis.GetSubscriber().SubscribeAsync(channel).ConfigureAwait(false);
        _subscription.OnMessage(message =>
        {
            try
            {
                var m = JsonSerializer.Deserialize((string)message.Message!, DeskJsonContext.Default.NodeMessage);
                if (m is { Event: not null } && RoutingKeys.IsValidTenant(m.Tenant))
                {
                    Enqueue(m.Tenant, m.Event);
                }
            }
            catch (JsonException ex)
            {
                _outage.Failed(ex);
            }
        });
        DeskLog.Subscribed(_logger, _routing.Node, channel.ToString());
    }

    /// <summary>Stops delivering. Never throws: Redis may be down while the host stops, and the host must still stop.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var partition in _partitions)
        {
            partition.Writer.TryComplete();
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            if (_subscription is not null)
            {
                await _subscription.UnsubscribeAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            await Task.WhenAll(_workers).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            DeskLog.DispatcherStopFailed(_logger, ex);
        }
    }

    private void Enqueue(string tenant, RoutingEvent e)
    {
        if (e.Kind == RoutingEventKind.Offer && !_pendingOffers.TryAdd((e.Session, e.OfferId), 0))
        {
            return;
        }

        if (!_partitions[(int)((uint)StringComparer.Ordinal.GetHashCode(e.AgentId) % Partitions)].Writer.TryWrite((tenant, e)) && e.Kind == RoutingEventKind.Offer)
        {
            _pendingOffers.TryRemove((e.Session, e.OfferId), out _);
        }
    }

    private async Task RunAsync(ChannelReader<(string Tenant, RoutingEvent Event)> reader)
    {
        await foreach (var (tenant, e) in reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await DeliverAsync(tenant, e).ConfigureAwait(false);
                _outage.Succeeded();
            }
            catch (Exception ex)
            {
                // Any exception: a worker that died would leave its partition's agents deaf. The
                // event is dropped; Redis holds the truth and the offer resync sends it again.
                if (!_stopping.IsCancellationRequested)
                {
                    _outage.Failed(ex);
                }
            }
            finally
            {
                if (e.Kind == RoutingEventKind.Offer)
                {
                    _pendingOffers.TryRemove((e.Session, e.OfferId), out _);
                }
            }
        }
    }

    private async Task DeliverAsync(string tenant, RoutingEvent e)
    {
        var session = _sessions.Find(e.Session);
        if (session is null || session.AgentId != e.AgentId || session.Tenant != tenant)
        {
            return;
        }

        switch (e.Kind)
        {
            case RoutingEventKind.Offer:
                if (session.Knows(e.OfferId))
                {
                    // Already sent: pub/sub and the offer resync may both bring the same offer.
                    return;
                }

                var offered = await _contacts.GetOfferedContactAsync(tenant, e.ContactId, _stopping.Token).ConfigureAwait(false);
                if (offered is null)
                {
                    return;
                }

                var contact = offered.Contact;
                var offer = new Offer
                {
                    OfferId = e.OfferId,
                    Contact = ProtoMapper.ToProto(contact),
                    ExpiresAt = ProtoMapper.ToTimestamp(DateTimeOffset.FromUnixTimeMilliseconds(e.ExpiresAt)),
                    Reason = ProtoMapper.ToOfferReason(e.OfferReason),
                    ReasonDetail = ReasonDetail(e),
                    BundleId = offered.BundleId,
                };

                // The rest of the offer needs only the contact: read at once, not one after another.
                var bundled = offered.BundleId.Length == 0
                    ? Task.FromResult<IReadOnlyList<string>>([])
                    : _contacts.GetBundleMembersAsync(tenant, offered.BundleId, contact.ConversationId, e.AgentId, _stopping.Token);
                var history = _contacts.GetConversationHistoryAsync(tenant, contact.ConversationId, contact.ContactId, _engine.OfferHistory, _stopping.Token);
                var permitted = _consent.PermittedReplyChannelsAsync(tenant, contact, _stopping.Token);
                await Task.WhenAll(bundled, history, permitted).ConfigureAwait(false);
                offer.BundledContactIds.Add(await bundled.ConfigureAwait(false));
                foreach (var item in await history.ConfigureAwait(false))
                {
                    offer.History.Add(ProtoMapper.ToProto(item));
                }

                offer.PermittedReplyChannels.Add(await permitted.ConfigureAwait(false));
                if (session.SendOffer(offer))
                {
                    _metrics.Desk("offered", contact.Channel);
                    _metrics.OfferDelivered(contact.Channel, _time.GetUtcNow() - contact.EnqueuedAt);
                }

                break;
            case RoutingEventKind.Revoke:
                session.Forget(e.OfferId);
                session.Send(new ConnectResponse
                {
                    OfferRevoked = new OfferRevoked { OfferId = e.OfferId, ContactId = e.ContactId, Reason = ProtoMapper.ToRevokeReason(e.RevokeReason) },
                });
                _metrics.Desk("revoked");
                break;
            case RoutingEventKind.Status:
                session.Send(new ConnectResponse
                {
                    StatusChanged = new StatusChanged { Status = ProtoMapper.ToProtoStatus(e.Status), Reason = e.StatusReason, ChangedBy = e.ChangedBy },
                });
                break;
            case RoutingEventKind.LoggedOut:
                // The engine already treated the agent as disconnected; the desk hears why, then its stream ends.
                session.Send(new ConnectResponse
                {
                    StatusChanged = new StatusChanged { Status = AgentStatus.Offline, Reason = e.StatusReason, ChangedBy = e.ChangedBy },
                });
                session.End("logged out by supervisor " + e.ChangedBy);
                break;
            case RoutingEventKind.ProfileChanged:
                session.Send(new ConnectResponse { ProfileChanged = AgentStates.ProfileMapper.ToProto(e) });
                break;
            case RoutingEventKind.DeliveryReport when e.Delivery is { } d:
                session.Send(new ConnectResponse { ReplyDelivery = Outbound.DeliveryReports.ToProto(e.ContactId, d) });
                break;
            case RoutingEventKind.Replaced:
                session.Send(new ConnectResponse
                {
                    SessionReplaced = new SessionReplaced { NewSessionId = e.NewSessionId, Reason = "The agent connected again from another desk; this session is closed." },
                });
                session.End("replaced by session " + e.NewSessionId);
                break;
        }
    }

    private static string ReasonDetail(RoutingEvent e) => e.OfferReason switch
    {
        EngineOfferReason.Strategy => $"chosen by the queue's strategy: {e.OfferDetail}",
        EngineOfferReason.Affinity => "the customer's conversation is open with you",
        EngineOfferReason.Preferred => "the CRM names you as the customer's preferred agent",
        EngineOfferReason.Last => "the CRM names you as the customer's last agent",
        EngineOfferReason.Transfer => $"transferred to you {e.OfferDetail}",
        EngineOfferReason.Pull => $"your capacity freed up: {e.OfferDetail}",
        _ => e.OfferDetail,
    };
}

[JsonSerializable(typeof(NodeMessage))]
internal sealed partial class DeskJsonContext : JsonSerializerContext;
