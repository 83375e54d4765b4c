using Grpc.Core;
using Microsoft.Extensions.Options;
using Routing.Core.Agents;
using Routing.Core.Errors;
using Routing.Core.Telemetry;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.Configuration;
using Routing.Server.Grpc;

namespace Routing.Server.Desk;

/// <summary>
/// Runs one agent desk stream: hello and welcome, then the agent's commands, each one engine
/// script, answered on the stream. A client mistake gets a <see cref="DeskError"/> and changes
/// nothing. When the stream ends for any reason the engine is told, so offers return to the queue
/// at once and assignments after the reconnect grace.
/// </summary>
public sealed class DeskSessionRunner(
    RoutingEngineStore engine,
    ContactQueueStore contacts,
    AgentProfileBuilder profiles,
    AgentSessionRegistry sessions,
    EventDispatcher dispatcher,
    RoutingMetrics metrics,
    TimeProvider time,
    IOptions<RoutingOptions> routing,
    IOptions<EngineOptions> engineOptions,
    ILogger<DeskSessionRunner> logger)
{
    private string Node => routing.Value.Node;

    public async Task RunAsync(string tenant, IAsyncStreamReader<ConnectRequest> requests, IServerStreamWriter<ConnectResponse> responses, ServerCallContext context)
    {
        var options = engineOptions.Value;
        var first = await ReadHelloAsync(requests, options.HelloTimeout, context.CancellationToken).ConfigureAwait(false);
        if (first is null)
        {
            return;
        }

        var hello = first.Hello;
        var profile = profiles.Build(
            hello.AgentId,
            hello.DisplayName,
            hello.Skills.Select(s => new AgentSkill(s.Queue, s.Proficiency, s.Primary)),
            hello.Capacity.Select(c => new KeyValuePair<string, int>(c.Channel, c.MaxConcurrent)),
            hello.TotalCapacity,
            ProtoMapper.ToDomain(hello.InitialStatus));

        var session = new AgentSession(tenant, profile.AgentId, "ses-" + Guid.CreateVersion7().ToString("N"), time);
        sessions.Add(session);
        metrics.SessionOpened();
        var writer = WriteAsync(session, responses, context.CancellationToken);
        var reason = "stream ended by the desk";
        try
        {
            var connected = await engine.ConnectAsync(new ConnectCommand(tenant, Node, session.SessionId, profile, time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
            var welcome = new Welcome
            {
                SessionId = session.SessionId,
                AgentId = profile.AgentId,
                HeartbeatInterval = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(options.HeartbeatInterval),
                Status = ProtoMapper.ToProtoStatus(profile.InitialStatus),
                Node = Node,
            };
            foreach (var contactId in connected.Resumed)
            {
                if (await AssignmentAsync(tenant, contactId, "", context.CancellationToken).ConfigureAwait(false) is { } assignment)
                {
                    welcome.Resumed.Add(assignment);
                }
            }

            session.Send(new ConnectResponse { RequestId = first.RequestId, Welcome = welcome });
            dispatcher.Dispatch(tenant, connected.Events);
            DeskLog.Connected(logger, profile.AgentId, session.SessionId, connected.Resumed.Count);

            using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, session.Ending);
            var watchdog = WatchHeartbeatsAsync(session, options.HeartbeatInterval * 3, ending.Token);
            try
            {
                while (await requests.MoveNext(ending.Token).ConfigureAwait(false))
                {
                    session.Touch();
                    await HandleAsync(session, requests.Current, context.CancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                reason = session.EndReason ?? "call cancelled";
            }
            catch (IOException)
            {
                reason = "connection lost";
            }

            await watchdog.ConfigureAwait(false);
        }
        finally
        {
            session.End(reason);
            sessions.Remove(session);
            metrics.SessionClosed();
            try
            {
                var gone = await engine.DisconnectAsync(new DisconnectCommand(tenant, Node, session.AgentId, session.SessionId, time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
                dispatcher.Dispatch(tenant, gone.Events);
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                DeskLog.DisconnectFailed(logger, ex, session.AgentId, session.SessionId);
            }

            DeskLog.Disconnected(logger, session.AgentId, session.SessionId, session.EndReason ?? reason);
            await writer.ConfigureAwait(false);
        }
    }

    private static async Task<ConnectRequest?> ReadHelloAsync(IAsyncStreamReader<ConnectRequest> requests, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var helloTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        helloTimeout.CancelAfter(timeout);
        try
        {
            if (!await requests.MoveNext(helloTimeout.Token).ConfigureAwait(false))
            {
                return null;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"No hello within {timeout.TotalSeconds:0} s; the first message must be hello."));
        }

        if (requests.Current.KindCase != ConnectRequest.KindOneofCase.Hello)
        {
            RoutingErrors.FailedPrecondition("hello_required", "The first message on the stream must be hello.");
        }

        return requests.Current;
    }

    private static async Task WriteAsync(AgentSession session, IServerStreamWriter<ConnectResponse> responses, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in session.Outbox.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await responses.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            session.End("could not write to the desk");
        }
    }

    private async Task WatchHeartbeatsAsync(AgentSession session, TimeSpan limit, CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromMilliseconds(Math.Clamp(limit.TotalMilliseconds / 6, 50, 1000));
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (session.SilentFor > limit)
                {
                    DeskLog.HeartbeatTimeout(logger, session.AgentId, session.SessionId, session.SilentFor);
                    session.End("no heartbeat");
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task HandleAsync(AgentSession session, ConnectRequest request, CancellationToken cancellationToken)
    {
        var tenant = session.Tenant;
        var now = time.GetUtcNow();
        DeskReply outcome;
        string subject;
        switch (request.KindCase)
        {
            case ConnectRequest.KindOneofCase.Heartbeat:
                session.Send(new ConnectResponse { RequestId = request.RequestId, HeartbeatAck = new HeartbeatAck { ReceivedAt = ProtoMapper.ToTimestamp(now) } });
                return;
            case ConnectRequest.KindOneofCase.Hello:
                Reject(session, request, DeskErrors.Make("already_connected", StatusCode.FailedPrecondition, "This session already said hello; connect a new stream to change skills or capacity.", "hello"));
                return;
            case ConnectRequest.KindOneofCase.Status:
                var status = ProtoMapper.ToDomain(request.Status.Status);
                if (status.Length == 0)
                {
                    Reject(session, request, DeskErrors.Make("invalid_argument", StatusCode.InvalidArgument, "status must be AVAILABLE, AWAY or OFFLINE.", "status.status"));
                    return;
                }

                if (!Fits(session, request, request.Status.Reason, 200, "status.reason"))
                {
                    return;
                }

                subject = session.AgentId;
                outcome = await engine.ChangeStatusAsync(new StatusCommand(tenant, Node, session.AgentId, session.SessionId, EngineWords.ParseStatus(status)!.Value, request.Status.Reason, now), CancellationToken.None).ConfigureAwait(false);
                if (outcome.Ok)
                {
                    session.Send(new ConnectResponse
                    {
                        RequestId = request.RequestId,
                        StatusChanged = new StatusChanged { Status = request.Status.Status, Reason = request.Status.Reason },
                    });
                }

                break;
            case ConnectRequest.KindOneofCase.Accept:
                subject = request.Accept.OfferId;
                if (!Required(session, request, subject, "accept.offer_id"))
                {
                    return;
                }

                var accepted = await engine.AcceptAsync(new AcceptCommand(tenant, Node, session.AgentId, session.SessionId, subject, now), CancellationToken.None).ConfigureAwait(false);
                outcome = accepted;
                var offered = session.Forget(subject);
                if (outcome.Ok && (FromOffer(offered) ?? await AssignmentAsync(tenant, accepted.ContactId, subject, cancellationToken).ConfigureAwait(false)) is { } assignment)
                {
                    assignment.AssignedAt = ProtoMapper.ToTimestamp(now);
                    session.Send(new ConnectResponse { RequestId = request.RequestId, Assigned = new Assigned { Assignment = assignment } });
                    metrics.Desk("accepted", assignment.Contact.Channel);
                }

                break;
            case ConnectRequest.KindOneofCase.Decline:
                subject = request.Decline.OfferId;
                if (!Required(session, request, subject, "decline.offer_id") || !Fits(session, request, request.Decline.Reason, 200, "decline.reason"))
                {
                    return;
                }

                var declined = await engine.DeclineAsync(new DeclineCommand(tenant, Node, session.AgentId, session.SessionId, subject, request.Decline.Reason, now), CancellationToken.None).ConfigureAwait(false);
                outcome = declined;
                session.Forget(subject);
                if (outcome.Ok)
                {
                    session.Send(new ConnectResponse
                    {
                        RequestId = request.RequestId,
                        OfferRevoked = new OfferRevoked { OfferId = subject, ContactId = declined.ContactId, Reason = RevokeReason.Unspecified },
                    });
                    metrics.Desk("declined");
                }

                break;
            case ConnectRequest.KindOneofCase.Complete:
                var complete = request.Complete;
                subject = complete.ContactId;
                if (!Required(session, request, subject, "complete.contact_id") || !Required(session, request, complete.Disposition, "complete.disposition") ||
                    !Fits(session, request, complete.Disposition, 64, "complete.disposition") || !Fits(session, request, complete.Notes, 4000, "complete.notes"))
                {
                    return;
                }

                var completed = await engine.CompleteAsync(new CompleteCommand(tenant, Node, session.AgentId, session.SessionId, subject, complete.Disposition, complete.Notes, complete.SkipWrapUp, now), CancellationToken.None).ConfigureAwait(false);
                outcome = completed;
                if (outcome.Ok)
                {
                    session.Send(new ConnectResponse
                    {
                        RequestId = request.RequestId,
                        Completed = new ContactCompleted
                        {
                            ContactId = subject,
                            WrapUpUntil = ProtoMapper.ToTimestamp(completed.WrapUpUntil),
                        },
                    });
                    metrics.Desk("completed");
                }

                break;
            case ConnectRequest.KindOneofCase.Transfer:
                var transfer = request.Transfer;
                subject = transfer.ContactId;
                if (!Required(session, request, subject, "transfer.contact_id") || !Fits(session, request, transfer.Note, 1000, "transfer.note"))
                {
                    return;
                }

                if (transfer.TargetCase == TransferContact.TargetOneofCase.None ||
                    (transfer.TargetCase == TransferContact.TargetOneofCase.Queue && !IsQueueName(transfer.Queue)) ||
                    (transfer.TargetCase == TransferContact.TargetOneofCase.AgentId && string.IsNullOrWhiteSpace(transfer.AgentId)))
                {
                    Reject(session, request, DeskErrors.Make("invalid_argument", StatusCode.InvalidArgument, "transfer needs a target: a queue (a-z, 0-9, '-', '_') or an agent_id.", "transfer.target"));
                    return;
                }

                outcome = await engine.TransferAsync(new TransferCommand(tenant, Node, session.AgentId, session.SessionId, subject,
                    transfer.TargetCase == TransferContact.TargetOneofCase.Queue ? transfer.Queue : null,
                    transfer.TargetCase == TransferContact.TargetOneofCase.AgentId ? transfer.AgentId.Trim() : null,
                    transfer.Note, now), CancellationToken.None).ConfigureAwait(false);
                if (outcome.Code == DeskResultCode.AgentUnavailable)
                {
                    subject = transfer.AgentId;
                }

                if (outcome.Ok)
                {
                    session.Send(new ConnectResponse
                    {
                        RequestId = request.RequestId,
                        Transferred = new ContactTransferred { ContactId = transfer.ContactId, Queue = transfer.Queue, AgentId = transfer.AgentId },
                    });
                    metrics.Desk("transferred");
                }

                break;
            default:
                Reject(session, request, DeskErrors.Make("invalid_argument", StatusCode.InvalidArgument, "The request carries no command.", "kind"));
                return;
        }

        if (!outcome.Ok)
        {
            Reject(session, request, DeskErrors.For(outcome.Code.ToCode(), subject));
            if (outcome.Code == DeskResultCode.StaleSession)
            {
                session.End("no longer the agent's live session");
            }
        }

        dispatcher.Dispatch(tenant, outcome.Events);
    }

    /// <summary>The assignment built from the offer this session was sent (the contact as offered, now assigned).</summary>
    private static Assignment? FromOffer(Offer? offer)
    {
        if (offer is null)
        {
            return null;
        }

        var assignment = new Assignment { Contact = offer.Contact.Clone(), OfferId = offer.OfferId };
        assignment.Contact.State = ContactState.Assigned;
        assignment.History.Add(offer.History);
        return assignment;
    }

    private async Task<Assignment?> AssignmentAsync(string tenant, string contactId, string offerId, CancellationToken cancellationToken)
    {
        var contact = await contacts.GetContactAsync(tenant, contactId, cancellationToken).ConfigureAwait(false);
        if (contact is null)
        {
            return null;
        }

        var assignment = new Assignment { Contact = ProtoMapper.ToProto(contact), OfferId = offerId };
        var history = await contacts.GetConversationHistoryAsync(tenant, contact.ConversationId, contact.ContactId, engineOptions.Value.OfferHistory, cancellationToken).ConfigureAwait(false);
        assignment.History.Add(history.Select(ProtoMapper.ToProto));
        return assignment;
    }

    private void Reject(AgentSession session, ConnectRequest request, DeskError error)
    {
        metrics.Desk("desk_error");
        DeskLog.DeskError(logger, session.AgentId, error.Code, error.Message);
        session.Send(new ConnectResponse { RequestId = request.RequestId, Error = error });
    }

    private bool Required(AgentSession session, ConnectRequest request, string value, string field)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        Reject(session, request, DeskErrors.Make("invalid_argument", StatusCode.InvalidArgument, $"{field} is required.", field));
        return false;
    }

    private bool Fits(AgentSession session, ConnectRequest request, string value, int max, string field)
    {
        if (value.Length <= max)
        {
            return true;
        }

        Reject(session, request, DeskErrors.Make("invalid_argument", StatusCode.InvalidArgument, $"{field} is {value.Length} characters; at most {max}.", field));
        return false;
    }

    private static bool IsQueueName(string queue) =>
        queue.Length is > 0 and <= 64 && queue.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');
}
