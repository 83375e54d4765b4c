using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Routing.Core.Errors;
using Routing.Core.Outbound;
using Routing.Protos.V1;
using Routing.Redis.Outbound;
using Routing.Server.Configuration;
using Routing.Server.Grpc;
using Routing.Server.Security;
using Routing.Server.Tenants;

namespace Routing.Server.Outbound;

/// <summary>
/// One gateway's ChannelGateway.Deliver stream: after its subscription (channels its key allows)
/// it is handed deliveries from its channels' outboxes, never more than its window unacknowledged,
/// and acknowledges each. What it does not acknowledge in time (it crashed, its stream broke, this
/// node died) the sweep puts back for any stream of the channel, so nothing is lost and a stream
/// leaving needs no clean-up. One writer per response stream (a channel in front of it).
/// </summary>
public sealed class GatewayDeliveryStream(
    OutboundStore store,
    OutboundSignals signals,
    DeliveryReports reports,
    RoutingConfigurationHolder configuration,
    ActiveTenants tenants,
    IOptionsMonitor<OutboundOptions> options,
    IOptions<RoutingOptions> routing,
    TimeProvider time,
    ILogger<GatewayDeliveryStream> logger)
{
    public async Task RunAsync(Caller caller, IAsyncStreamReader<DeliverRequest> requests, IServerStreamWriter<DeliverResponse> responses, CancellationToken cancellationToken)
    {
        if (!await requests.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (requests.Current.Subscribe is not { } subscription)
        {
            throw new RoutingException(RoutingErrorKind.InvalidArgument, "invalid_argument", "The first message must be subscribe.", "subscribe");
        }

        var channels = Channels(caller, subscription);
        var max = options.CurrentValue.MaxInFlight;
        var window = subscription.MaxInFlight > 0 ? Math.Min(subscription.MaxInFlight, max) : max;
        await tenants.EnsureAsync(caller.Tenant, cancellationToken).ConfigureAwait(false);

        var outgoing = Channel.CreateUnbounded<DeliverResponse>(new UnboundedChannelOptions { SingleReader = true });
        var inFlight = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var wake = new GatewayWakeUp(caller.Tenant, channels.ToHashSet(StringComparer.Ordinal));
        using var registration = signals.Register(wake);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var subscribed = new DeliverySubscribed { MaxInFlight = window, AckTimeoutSeconds = (int)options.CurrentValue.AckTimeout.TotalSeconds, Node = routing.Value.Node };
        subscribed.Channels.Add(channels);
        outgoing.Writer.TryWrite(new DeliverResponse { Subscribed = subscribed });
        OutboundLog.Subscribed(logger, caller.Subject, caller.Tenant, string.Join(",", channels), window);

        var writing = WriteAsync(outgoing.Reader, responses, cancellationToken);
        var pumping = PumpAsync(caller.Tenant, channels, window, inFlight, wake, outgoing.Writer, stop.Token);
        try
        {
            while (await requests.MoveNext(stop.Token).ConfigureAwait(false))
            {
                if (requests.Current.Ack is not { } ack)
                {
                    throw new RoutingException(RoutingErrorKind.InvalidArgument, "invalid_argument", "After subscribe, only acks may be sent.", "ack");
                }

                var result = await AckAsync(caller, ack, stop.Token).ConfigureAwait(false);
                if (inFlight.TryRemove(ack.DeliveryId, out _))
                {
                    wake.Wake();
                }

                outgoing.Writer.TryWrite(new DeliverResponse { AckResult = result });
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && stop.IsCancellationRequested)
        {
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pumping.ConfigureAwait(false);
            outgoing.Writer.TryComplete();
            await writing.ConfigureAwait(false);
            if (!inFlight.IsEmpty)
            {
                OutboundLog.Left(logger, caller.Subject, caller.Tenant, inFlight.Count);
            }
        }
    }

    /// <summary>The subscribed channels: each configured and allowed for the key (PERMISSION_DENIED otherwise).</summary>
    private List<string> Channels(Caller caller, DeliverySubscription subscription)
    {
        if (subscription.Channels.Count == 0)
        {
            throw new RoutingException(RoutingErrorKind.InvalidArgument, "invalid_argument", "Name at least one channel.", "subscribe.channels");
        }

        var channels = new List<string>();
        foreach (var name in subscription.Channels)
        {
            if (!configuration.Current.Catalog.TryGet(name, out var known))
            {
                throw new RoutingException(RoutingErrorKind.InvalidArgument, "invalid_argument", $"Channel '{name}' is not configured.", "subscribe.channels");
            }

            if (!caller.MaySubmitOn(known.Name))
            {
                AccessDenied.ChannelNotAllowed(caller, known.Name, "subscribe.channels");
            }

            if (!channels.Contains(known.Name))
            {
                channels.Add(known.Name);
            }
        }

        return channels;
    }

    private async Task<Protos.V1.DeliveryAckResult> AckAsync(Caller caller, DeliveryAck ack, CancellationToken cancellationToken)
    {
        OutboundMessageValidator.Id(ack.DeliveryId, "ack.delivery_id");
        RoutingErrors.ThrowIfTooLong(ack.Reason, OutboundMessageValidator.AckReasonLength, "ack.reason");
        var outcome = ack.Outcome switch
        {
            Protos.V1.DeliveryOutcome.Delivered => DeliveryAckOutcome.Delivered,
            Protos.V1.DeliveryOutcome.Failed => DeliveryAckOutcome.Failed,
            Protos.V1.DeliveryOutcome.Accepted => DeliveryAckOutcome.Accepted,
            _ => throw new RoutingException(RoutingErrorKind.InvalidArgument, "invalid_argument", "outcome must be delivered, failed or accepted.", "ack.outcome"),
        };

        // A delivery's channel never changes, so reading it before the ack is no race: a key may
        // acknowledge only deliveries of channels it is allowed on.
        var stored = await store.GetAsync(caller.Tenant, ack.DeliveryId).ConfigureAwait(false);
        if (stored.TryGetValue("ch", out var channel) && !caller.MaySubmitOn(channel))
        {
            AccessDenied.ChannelNotAllowed(caller, channel, "ack.delivery_id");
        }

        var result = await store.AckAsync(caller.Tenant, ack.DeliveryId, outcome, ack.Reason, options.CurrentValue.Retention, time.GetUtcNow(), routing.Value.Node, cancellationToken).ConfigureAwait(false);
        if (result.Applied)
        {
            await reports.TellAsync(caller.Tenant, ack.DeliveryId, result, ack.Reason).ConfigureAwait(false);
        }

        return new Protos.V1.DeliveryAckResult { DeliveryId = ack.DeliveryId, Applied = result.Applied, State = result.State };
    }

    private async Task PumpAsync(string tenant, List<string> channels, int window, ConcurrentDictionary<string, byte> inFlight, GatewayWakeUp wake, ChannelWriter<DeliverResponse> outgoing, CancellationToken cancellationToken)
    {
        var streamId = Guid.NewGuid().ToString("N");
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var free = window - inFlight.Count;
                if (free > 0)
                {
                    try
                    {
                        var now = time.GetUtcNow();
                        var claimed = await store.ClaimAsync(tenant, channels, free, streamId, now + options.CurrentValue.AckTimeout, now, routing.Value.Node, cancellationToken).ConfigureAwait(false);
                        foreach (var c in claimed)
                        {
                            inFlight[c.Message.DeliveryId] = 0;
                            outgoing.TryWrite(new DeliverResponse { Delivery = ToProto(c) });
                        }

                        if (claimed.Count == free)
                        {
                            continue;
                        }
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        // Redis unreachable or slow: the stream stays open and tries again after the poll interval.
                        OutboundLog.ClaimFailed(logger, tenant, ex.GetType().Name);
                    }
                }

                await wake.WaitAsync(options.CurrentValue.PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static async Task WriteAsync(ChannelReader<DeliverResponse> outgoing, IServerStreamWriter<DeliverResponse> responses, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in outgoing.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await responses.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The stream ended; what was handed over and not acknowledged is delivered again after its deadline.
        }
    }

    private static OutboundDelivery ToProto(ClaimedDelivery c)
    {
        var m = c.Message;
        var d = new OutboundDelivery
        {
            DeliveryId = m.DeliveryId,
            Channel = m.Channel,
            To = m.To,
            ConversationId = m.ConversationId,
            ContactId = m.ContactId,
            CustomerId = m.CustomerId,
            Text = m.Text,
            Attempt = c.Attempt,
            AckBy = ProtoMapper.ToTimestamp(c.AckBy),
            Kind = m.Kind,
        };
        d.AttachmentRefs.Add(m.Attachments);
        return d;
    }
}
