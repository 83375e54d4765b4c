using Routing.Core.Errors;
using Routing.Core.Telemetry;
using Routing.Protos.V1;
using Routing.Server.Desk.Commands;
using Routing.Server.Grpc;

namespace Routing.Server.Desk;

/// <summary>
/// Answers each desk command on the stream: its handler runs, then the reply (a confirmation or a
/// <see cref="DeskError"/>) is sent before the events the command set off, so a desk hears the
/// answer to its command first. A client mistake, or a store that does not answer, is a DeskError
/// and the session goes on.
/// </summary>
public sealed class DeskCommands(
    HeartbeatHandler heartbeat,
    StatusHandler status,
    AcceptHandler accept,
    DeclineHandler decline,
    CompleteHandler complete,
    TransferHandler transfer,
    SendReplyHandler reply,
    IDeskEngine engine,
    RoutingMetrics metrics,
    ILogger<DeskCommands> logger)
{
    public async Task HandleAsync(AgentSession session, ConnectRequest request, CancellationToken cancellationToken)
    {
        DeskAnswer answer;
        try
        {
            answer = request.KindCase switch
            {
                ConnectRequest.KindOneofCase.Heartbeat => heartbeat.Handle(request.Heartbeat),
                ConnectRequest.KindOneofCase.Status => await status.HandleAsync(session, request.Status, cancellationToken).ConfigureAwait(false),
                ConnectRequest.KindOneofCase.Accept => await accept.HandleAsync(session, request.Accept, cancellationToken).ConfigureAwait(false),
                ConnectRequest.KindOneofCase.Decline => await decline.HandleAsync(session, request.Decline, cancellationToken).ConfigureAwait(false),
                ConnectRequest.KindOneofCase.Complete => await complete.HandleAsync(session, request.Complete, cancellationToken).ConfigureAwait(false),
                ConnectRequest.KindOneofCase.Transfer => await transfer.HandleAsync(session, request.Transfer, cancellationToken).ConfigureAwait(false),
                ConnectRequest.KindOneofCase.SendReply => await reply.HandleAsync(session, request.SendReply, cancellationToken).ConfigureAwait(false),
                ConnectRequest.KindOneofCase.Hello => throw new RoutingException(
                    RoutingErrorKind.FailedPrecondition, "already_connected", "This session already said hello; connect a new stream to change skills or capacity.", "hello"),
                _ => throw new RoutingException(RoutingErrorKind.InvalidArgument, "invalid_argument", "The request carries no command.", "kind"),
            };
        }
        catch (RoutingException ex)
        {
            answer = DeskAnswer.Failed(RoutingStatus.Describe(ex));
        }
        catch (Exception ex) when (RoutingStatus.IsStoreUnavailable(ex))
        {
            DeskLog.StoreUnavailable(logger, session.AgentId, request.KindCase.ToString(), ex.GetType().Name);
            answer = DeskAnswer.Failed(RoutingStatus.DeskStoreUnavailable);
        }

        Send(session, request.RequestId, answer);
    }

    /// <summary>Sends the reply, ends the session if the answer says so, then delivers the events.</summary>
    public void Send(AgentSession session, string requestId, DeskAnswer answer)
    {
        answer.Reply.RequestId = requestId;
        if (answer.Reply.Error is { } error)
        {
            metrics.Desk("desk_error");
            DeskLog.DeskError(logger, session.AgentId, error.Code, error.Message);
        }

        session.Send(answer.Reply);
        foreach (var followUp in answer.FollowUps)
        {
            session.Send(followUp);
        }

        if (answer.EndsSession)
        {
            session.End("no longer the agent's live session");
        }

        engine.Deliver(session.Tenant, answer.Events);
    }
}
