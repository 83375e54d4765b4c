using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using Routing.Protos.V1;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>A test gateway on ChannelGateway.Deliver: subscribes, reads deliveries and ack results, acknowledges.</summary>
public sealed class GatewayDeliveryClient : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<DeliverRequest, DeliverResponse> _call;
    private readonly Channel<DeliverResponse> _inbox = Channel.CreateUnbounded<DeliverResponse>();
    private readonly Task _reader;

    private GatewayDeliveryClient(GrpcChannel channel, Metadata headers)
    {
        _call = new ChannelGateway.ChannelGatewayClient(channel).Deliver(headers);
        _reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var m in _call.ResponseStream.ReadAllAsync())
                {
                    _inbox.Writer.TryWrite(m);
                }

                _inbox.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                _inbox.Writer.TryComplete(ex);
            }
        });
    }

    public DeliverySubscribed Subscribed { get; private set; } = null!;

    public static async Task<GatewayDeliveryClient> SubscribeAsync(ITestServer host, int maxInFlight = 0, Metadata? headers = null, params string[] channels)
    {
        var gateway = new GatewayDeliveryClient(host.Channel, headers ?? host.Credentials.GatewayHeaders());
        var subscribe = new DeliverySubscription { MaxInFlight = maxInFlight };
        subscribe.Channels.Add(channels.Length == 0 ? ["chat"] : channels);
        await gateway._call.RequestStream.WriteAsync(new DeliverRequest { Subscribe = subscribe }).WaitAsync(TestTimeout.Short);
        gateway.Subscribed = (await gateway.NextAsync()).Subscribed ?? throw new InvalidOperationException("not subscribed");
        return gateway;
    }

    public async Task<DeliverResponse> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TestTimeout.Short);
        try
        {
            return await _inbox.Reader.ReadAsync(cts.Token);
        }
        catch (ChannelClosedException ex) when (ex.InnerException is RpcException status)
        {
            throw status;
        }
    }

    public async Task<OutboundDelivery> NextDeliveryAsync(TimeSpan? timeout = null) =>
        (await NextAsync(timeout)).Delivery ?? throw new InvalidOperationException("expected a delivery");

    public async Task<DeliveryAckResult> AckAsync(string deliveryId, DeliveryOutcome outcome = DeliveryOutcome.Delivered, string reason = "")
    {
        await _call.RequestStream.WriteAsync(new DeliverRequest { Ack = new DeliveryAck { DeliveryId = deliveryId, Outcome = outcome, Reason = reason } }).WaitAsync(TestTimeout.Short);
        return (await NextAsync()).AckResult ?? throw new InvalidOperationException("expected an ack result");
    }

    /// <summary>True when nothing arrives within <paramref name="window"/> (used only after the state that would send it is checked).</summary>
    public async Task<bool> NothingWithinAsync(TimeSpan window)
    {
        using var cts = new CancellationTokenSource(window);
        try
        {
            await _inbox.Reader.WaitToReadAsync(cts.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    /// <summary>The stream's end status (after a refusal).</summary>
    public async Task<RpcException> EndAsync()
    {
        try
        {
            while (true)
            {
                await NextAsync();
            }
        }
        catch (RpcException ex)
        {
            return ex;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _call.Dispose();
        try
        {
            await _reader.WaitAsync(TestTimeout.Short);
        }
        catch (Exception)
        {
            // Cancelled by the dispose.
        }
    }
}
