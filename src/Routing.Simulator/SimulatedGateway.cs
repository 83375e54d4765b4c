using Grpc.Core;
using Grpc.Net.Client;
using Routing.Protos.V1;

namespace Routing.Simulator;

/// <summary>
/// One simulated channel gateway on the outbound side: holds a ChannelGateway.Deliver stream for its
/// channel and acknowledges every delivery at once, as delivered or (with the configured share)
/// failed, the way a provider would answer; now and then (the crash share) it drops its stream
/// instead. A broken stream is opened again; what was handed to it and not acknowledged the router
/// delivers again.
/// </summary>
public sealed class SimulatedGateway(string channelName, GrpcChannel channel, SimulationOptions options, ReplyTracker replies, SimulationTracker tracker, int seed)
{
    private readonly Random _random = new(seed);
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Channel => channelName;

    /// <summary>Completes once the first subscription is confirmed (or the gateway gave up).</summary>
    public Task Subscribed => _subscribed.Task;

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await StreamAsync(stop);
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.InvalidArgument or StatusCode.PermissionDenied or StatusCode.Unauthenticated)
            {
                // A channel the server does not offer or the key may not use: replies routed to it will show as lost.
                tracker.Violation($"the {channelName} gateway could not subscribe: {ex.StatusCode} {ex.Status.Detail}");
                _subscribed.TrySetResult();
                return;
            }
            catch (Exception ex) when (ex is OperationCanceledException or RpcException or IOException)
            {
            }

            if (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
            }
        }

        _subscribed.TrySetResult();
    }

    private async Task StreamAsync(CancellationToken stop)
    {
        using var call = new ChannelGateway.ChannelGatewayClient(channel).Deliver(options.Credentials.Gateway(), cancellationToken: stop);
        var subscription = new DeliverySubscription();
        subscription.Channels.Add(channelName);
        await call.RequestStream.WriteAsync(new DeliverRequest { Subscribe = subscription }, stop);
        var outcomes = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var message in call.ResponseStream.ReadAllAsync(stop))
        {
            switch (message.KindCase)
            {
                case DeliverResponse.KindOneofCase.Subscribed:
                    _subscribed.TrySetResult();
                    break;
                case DeliverResponse.KindOneofCase.Delivery:
                    var delivery = message.Delivery;
                    if (delivery.Channel != channelName)
                    {
                        tracker.Violation($"the {channelName} gateway was handed {delivery.DeliveryId} for {delivery.Channel}");
                    }

                    replies.OnHandedOver(delivery.DeliveryId, channelName, delivery.Attempt);
                    if (outcomes.Count == 0 && _random.NextDouble() < options.GatewayCrashRatio)
                    {
                        // A crash with no acknowledgement awaiting its answer: what this stream holds is
                        // unacknowledged, and comes back after the router's acknowledgement timeout.
                        replies.CountGatewayCrash();
                        return;
                    }

                    var failed = _random.NextDouble() < options.DeliveryFailureRatio;
                    outcomes[delivery.DeliveryId] = failed ? "failed" : "delivered";
                    await call.RequestStream.WriteAsync(new DeliverRequest
                    {
                        Ack = new DeliveryAck
                        {
                            DeliveryId = delivery.DeliveryId,
                            Outcome = failed ? DeliveryOutcome.Failed : DeliveryOutcome.Delivered,
                            Reason = failed ? "simulated provider rejection" : "",
                        },
                    }, stop);
                    break;
                case DeliverResponse.KindOneofCase.AckResult:
                    var result = message.AckResult;
                    outcomes.Remove(result.DeliveryId, out var outcome);
                    replies.OnAckResult(result.DeliveryId, outcome ?? "", result.Applied, result.State, tracker);
                    break;
            }
        }
    }
}
