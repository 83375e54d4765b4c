using Grpc.Core;
using Grpc.Net.Client;
using Routing.Protos.V1;

namespace Routing.Simulator;

/// <summary>
/// One simulated agent desk: skills on every demo queue, the default per-channel capacity, accepts
/// an offer with the configured probability (else declines), handles for a random time, and now and
/// then drops its stream and reconnects (expecting its assignments back in the welcome). It answers
/// some written contacts with SendReply before completing them and notes what the router says of the
/// reply (queued on which channel, then delivered or failed). It checks what it is offered against
/// its own capacity.
/// </summary>
public sealed class SimulatedAgent(string agentId, GrpcChannel channel, SimulationOptions options, SimulationTracker tracker, ReplyTracker replies, int seed)
{
    private IReadOnlyDictionary<string, int> Capacity => options.AgentCapacity;

    private int TotalCapacity => options.AgentTotalCapacity;

    private static readonly string[] BuiltInChannels = ["voice", "video", "chat", "sms", "whatsapp", "social", "email", "webform", "letter"];

    /// <summary>Channels answered on the call itself, not with a written reply.</summary>
    private static readonly HashSet<string> SpokenChannels = new(["voice", "video"], StringComparer.Ordinal);

    private static readonly string[] Queues = ["general", "backoffice", "billing", "support-fr", "vip", "french"];

    private readonly Random _random = new(seed);
    private readonly Dictionary<string, (string Channel, Holding State)> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _completing = new(StringComparer.Ordinal);

    // Parallel contacts of one customer: the bundle each offered contact belongs to, and the bundles this
    // desk accepted since its last welcome (accepting one offer of a bundle accepts all of it, including
    // a contact whose own offer had not reached the desk yet).
    private readonly Dictionary<string, string> _bundleOf = new(StringComparer.Ordinal);
    private readonly HashSet<string> _acceptedBundles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _replying = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private Func<ConnectRequest, Task>? _send;

    public bool Connected { get; private set; }

    public string AgentId => agentId;

    /// <summary>Runs the desk until <paramref name="stop"/>; reconnects after simulated drops.</summary>
    public async Task RunAsync(Action ready, CancellationToken stop)
    {
        var readySignalled = false;
        while (!stop.IsCancellationRequested)
        {
            using var drop = CancellationTokenSource.CreateLinkedTokenSource(stop);
            TimeSpan dropAfter;
            lock (_gate)
            {
                dropAfter = options.DisconnectsPerMinute > 0 ? TimeSpan.FromMinutes(-Math.Log(1 - _random.NextDouble()) / options.DisconnectsPerMinute) : Timeout.InfiniteTimeSpan;
            }

            try
            {
                await SessionAsync(() =>
                {
                    if (!readySignalled)
                    {
                        readySignalled = true;
                        ready();
                    }

                    if (dropAfter != Timeout.InfiniteTimeSpan)
                    {
                        drop.CancelAfter(dropAfter);
                    }
                }, drop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or RpcException or IOException)
            {
            }

            Connected = false;
            if (stop.IsCancellationRequested)
            {
                return;
            }

            tracker.CountDisconnect();
            replies.OnDeskDropped(agentId);
            lock (_gate)
            {
                // Offers pending at the drop go back to the queue; assignments wait for us. An accept sent
                // just before the drop may or may not have landed: the next welcome tells.
                foreach (var offered in _held.Where(h => h.Value.State == Holding.Offered).Select(h => h.Key).ToList())
                {
                    _held.Remove(offered);
                }
            }

            int pause;
            lock (_gate)
            {
                pause = _random.Next(200, 1500);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(pause), CancellationToken.None);
        }
    }

    private async Task SessionAsync(Action connected, CancellationToken token)
    {
        using var call = new AgentDesk.AgentDeskClient(channel).Connect(options.Credentials.Agent(agentId), cancellationToken: token);
        var writes = new SemaphoreSlim(1, 1);
        async Task SendAsync(ConnectRequest request)
        {
            await writes.WaitAsync(token);
            try
            {
                await call.RequestStream.WriteAsync(request, token);
            }
            finally
            {
                writes.Release();
            }
        }

        var hello = new Hello { AgentId = agentId, DisplayName = agentId, TotalCapacity = TotalCapacity };
        lock (_gate)
        {
            hello.Skills.Add(Queues.Select(q => new SkillProficiency { Queue = q, Proficiency = 1 + _random.Next(5), Primary = q is "general" or "backoffice" }));
        }

        // Every channel the simulation may submit on is listed, 0 where the desk takes none: a channel left
        // out would get the server's default capacity, which the desk's own capacity check does not know.
        hello.Capacity.Add(BuiltInChannels.Union(Capacity.Keys).Union(options.ChannelMix.Keys).Distinct()
            .Select(c => new ChannelCapacity { Channel = c, MaxConcurrent = Capacity.GetValueOrDefault(c) }));
        await SendAsync(new ConnectRequest { Hello = hello });
        await foreach (var message in call.ResponseStream.ReadAllAsync(token))
        {
            switch (message.KindCase)
            {
                case ConnectResponse.KindOneofCase.Welcome:
                    OnWelcome(message.Welcome);
                    Connected = true;
                    _send = SendAsync;
                    connected();
                    _ = HeartbeatAsync(SendAsync, message.Welcome.HeartbeatInterval.ToTimeSpan(), token);
                    await ResendCompletesAsync(SendAsync);
                    break;
                case ConnectResponse.KindOneofCase.Offer:
                    await OnOfferAsync(message.Offer, SendAsync);
                    break;
                case ConnectResponse.KindOneofCase.Assigned:
                    var contactId = message.Assigned.Assignment.Contact.ContactId;
                    lock (_gate)
                    {
                        _held[contactId] = (message.Assigned.Assignment.Contact.Channel, Holding.Assigned);
                    }

                    tracker.OnAssigned(contactId, agentId);
                    _ = CompleteLaterAsync(contactId);
                    break;
                case ConnectResponse.KindOneofCase.OfferRevoked:
                    lock (_gate)
                    {
                        if (_held.TryGetValue(message.OfferRevoked.ContactId, out var held) && held.State != Holding.Assigned)
                        {
                            _held.Remove(message.OfferRevoked.ContactId);
                        }
                    }

                    break;
                case ConnectResponse.KindOneofCase.Completed:
                    lock (_gate)
                    {
                        _held.Remove(message.Completed.ContactId);
                        _completing.Remove(message.Completed.ContactId);
                        _bundleOf.Remove(message.Completed.ContactId);
                    }

                    tracker.OnCompleted(message.Completed.ContactId, agentId);
                    break;
                case ConnectResponse.KindOneofCase.StatusChanged when message.RequestId.Length == 0 && message.StatusChanged.Status == AgentStatus.Away:
                    await SendAsync(new ConnectRequest { Status = new ChangeStatus { Status = AgentStatus.Available } });
                    break;
                case ConnectResponse.KindOneofCase.ReplyQueued:
                    var queued = message.ReplyQueued;
                    string? contactChannel;
                    lock (_gate)
                    {
                        _replying.Remove(queued.ContactId, out contactChannel);
                    }

                    replies.OnQueued(queued.DeliveryId, queued.ContactId, contactChannel ?? "", queued.Channel, agentId);
                    break;
                case ConnectResponse.KindOneofCase.ReplyDelivery:
                    replies.OnDeskReport(message.ReplyDelivery.DeliveryId, message.ReplyDelivery.Outcome);
                    break;
                case ConnectResponse.KindOneofCase.Error when message.RequestId.StartsWith("reply:", StringComparison.Ordinal)
                    && message.Error.Code is "no_permitted_channel" or "contact_not_assigned":
                    // The policy found no channel for this customer, or the contact left us during a long drop.
                    lock (_gate)
                    {
                        _replying.Remove(message.RequestId["reply:".Length..]);
                    }

                    replies.CountRefused();
                    break;
                case ConnectResponse.KindOneofCase.Error when message.Error.Code == "contact_already_completed" && message.RequestId.StartsWith("complete:", StringComparison.Ordinal):
                    // A complete retried after a drop had landed the first time; its reply was lost with the stream.
                    if (TakeRetriedComplete(message.RequestId) is { } completedId)
                    {
                        tracker.OnCompleted(completedId, agentId);
                    }

                    break;
                case ConnectResponse.KindOneofCase.Error when message.Error.Code == "contact_not_assigned_to_you" && message.RequestId.StartsWith("complete:", StringComparison.Ordinal):
                    // A complete retried after a drop longer than the grace: the contact went back to the queue.
                    if (TakeRetriedComplete(message.RequestId) is { } returnedId)
                    {
                        tracker.OnReleased(returnedId, agentId);
                    }

                    break;
                case ConnectResponse.KindOneofCase.Error:
                    tracker.CountDeskError();
                    if (message.Error.Code is not ("offer_expired" or "offer_no_longer_valid"))
                    {
                        tracker.Violation($"{agentId}: unexpected desk error {message.Error.Code}: {message.Error.Message}");
                    }

                    break;
                case ConnectResponse.KindOneofCase.SessionReplaced:
                    tracker.Violation($"{agentId}: session replaced although only one desk connects");
                    break;
            }
        }
    }

    private void OnWelcome(Welcome welcome)
    {
        var resumed = welcome.Resumed.ToDictionary(r => r.Contact.ContactId, r => r.Contact.Channel, StringComparer.Ordinal);
        var accepted = new List<string>();
        lock (_gate)
        {
            foreach (var (contactId, held) in _held.ToList())
            {
                if (resumed.ContainsKey(contactId))
                {
                    if (held.State == Holding.Accepting)
                    {
                        // The accept landed before the drop; its reply did not reach us.
                        _held[contactId] = (held.Channel, Holding.Assigned);
                        accepted.Add(contactId);
                    }
                }
                else
                {
                    // An accept that did not land, or (after a drop longer than the grace) an assignment
                    // that went back to the queue.
                    _held.Remove(contactId);
                    if (held.State == Holding.Assigned)
                    {
                        tracker.OnReleased(contactId, agentId);
                    }
                }
            }

            foreach (var contactId in resumed.Keys.Where(id => !_held.ContainsKey(id) && !_completing.ContainsKey(id)))
            {
                if (_acceptedBundles.Count > 0)
                {
                    // Assigned with a bundle this desk accepted just before the drop; its Assigned was lost with the stream.
                    _held[contactId] = (resumed[contactId], Holding.Assigned);
                    accepted.Add(contactId);
                }
                else
                {
                    tracker.Violation($"{agentId}: welcome resumed {contactId}, which this desk was never offered");
                }
            }

            _acceptedBundles.Clear();
        }

        foreach (var contactId in accepted)
        {
            tracker.OnAssigned(contactId, agentId);
            _ = CompleteLaterAsync(contactId);
        }
    }

    /// <summary>
    /// Completes sent just before a drop may have landed with their reply lost, or not landed at all:
    /// sent again on the new session, they either complete now or answer contact_already_completed,
    /// and either way the completion is counted once. Without this the run waits for completions it
    /// will never hear of.
    /// </summary>
    private async Task ResendCompletesAsync(Func<ConnectRequest, Task> send)
    {
        List<string> pending;
        lock (_gate)
        {
            pending = [.. _completing.Keys];
        }

        foreach (var contactId in pending)
        {
            await send(new ConnectRequest
            {
                RequestId = "complete:" + contactId,
                Complete = new CompleteContact { ContactId = contactId, Disposition = "resolved", SkipWrapUp = true },
            });
        }
    }

    private async Task OnOfferAsync(Offer offer, Func<ConnectRequest, Task> send)
    {
        var contact = offer.Contact;
        tracker.OnOffered(contact.ContactId, DateTimeOffset.UtcNow - contact.EnqueuedAt.ToDateTimeOffset());
        lock (_gate)
        {
            var onChannel = _held.Values.Count(h => h.Channel == contact.Channel) + 1;
            if (onChannel > Capacity.GetValueOrDefault(contact.Channel) || _held.Count + 1 > TotalCapacity)
            {
                tracker.Violation($"{agentId} offered {contact.ContactId} on {contact.Channel} beyond its capacity ({onChannel} on the channel, {_held.Count + 1} in all)");
            }

            _held[contact.ContactId] = (contact.Channel, Holding.Offered);
            if (offer.BundleId.Length > 0)
            {
                _bundleOf[contact.ContactId] = offer.BundleId;
                if (_acceptedBundles.Contains(offer.BundleId))
                {
                    // Its bundle is accepted already (through another of its offers): it comes assigned.
                    _held[contact.ContactId] = (contact.Channel, Holding.Accepting);
                    return;
                }
            }
        }

        bool accept;
        lock (_gate)
        {
            accept = _random.NextDouble() < options.AcceptProbability;
        }

        if (accept)
        {
            lock (_gate)
            {
                _held[contact.ContactId] = (contact.Channel, Holding.Accepting);
                if (offer.BundleId.Length > 0)
                {
                    // Accepting one offer of a bundle accepts all of it.
                    _acceptedBundles.Add(offer.BundleId);
                    foreach (var (id, held) in _held.Where(h => h.Value.State == Holding.Offered && _bundleOf.GetValueOrDefault(h.Key) == offer.BundleId).ToList())
                    {
                        _held[id] = (held.Channel, Holding.Accepting);
                    }
                }
            }

            await send(new ConnectRequest { Accept = new AcceptOffer { OfferId = offer.OfferId } });
        }
        else
        {
            tracker.CountDecline();
            lock (_gate)
            {
                _held.Remove(contact.ContactId);
            }

            await send(new ConnectRequest { Decline = new DeclineOffer { OfferId = offer.OfferId, Reason = "simulated decline" } });
        }
    }

    private async Task CompleteLaterAsync(string contactId)
    {
        var mean = options.HandleTime.TotalMilliseconds;
        if (mean > 0)
        {
            double draw;
            lock (_gate)
            {
                draw = _random.NextDouble();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(mean * 5, -Math.Log(1 - draw) * mean)));
        }

        bool reply;
        lock (_gate)
        {
            reply = options.ReplyRatio > 0 && _random.NextDouble() < options.ReplyRatio;
        }

        // A desk that dropped meanwhile completes on its next session.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (Connected && _send is { } send)
            {
                string? channelName = null;
                try
                {
                    // The slot is free on the server as soon as it handles this: an offer for it may
                    // reach the desk before the reply does, so it is no longer counted as held.
                    lock (_gate)
                    {
                        if (_held.Remove(contactId, out var held))
                        {
                            channelName = held.Channel;
                        }

                        channelName ??= _completing.GetValueOrDefault(contactId);
                        if (channelName is null)
                        {
                            return; // no longer ours: it went back to the queue during a long drop
                        }

                        _completing[contactId] = channelName;
                        reply = reply && !SpokenChannels.Contains(channelName);
                        if (reply)
                        {
                            _replying[contactId] = channelName;
                        }
                    }

                    if (reply)
                    {
                        // Once only: a reply whose write broke with the stream may have been queued all the same.
                        reply = false;
                        replies.CountSent();
                        await send(new ConnectRequest
                        {
                            RequestId = "reply:" + contactId,
                            SendReply = new SendReply { ContactId = contactId, Text = $"Simulated answer to {contactId}." },
                        });
                    }

                    await send(new ConnectRequest
                    {
                        RequestId = "complete:" + contactId,
                        Complete = new CompleteContact { ContactId = contactId, Disposition = "resolved", SkipWrapUp = true },
                    });
                    return;
                }
                catch (Exception ex) when (ex is OperationCanceledException or RpcException or InvalidOperationException)
                {
                }
            }

            await Task.Delay(100);
        }
    }

    private static async Task HeartbeatAsync(Func<ConnectRequest, Task> send, TimeSpan interval, CancellationToken token)
    {
        try
        {
            using var timer = new PeriodicTimer(interval > TimeSpan.Zero ? interval : TimeSpan.FromSeconds(15));
            while (await timer.WaitForNextTickAsync(token))
            {
                await send(new ConnectRequest { Heartbeat = new Heartbeat() });
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException or InvalidOperationException)
        {
        }
    }

    private enum Holding
    {
        Offered,
        Accepting,
        Assigned,
    }

    /// <summary>The contact of a retried complete ("complete:{id}") if this desk was still completing it, once.</summary>
    private string? TakeRetriedComplete(string requestId)
    {
        var contactId = requestId["complete:".Length..];
        lock (_gate)
        {
            return _completing.Remove(contactId) ? contactId : null;
        }
    }
}
