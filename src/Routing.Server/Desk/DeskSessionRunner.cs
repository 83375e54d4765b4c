using Grpc.Core;
using Microsoft.Extensions.Options;
using Routing.Core.Errors;
using Routing.Core.Telemetry;
using Routing.Protos.V1;
using Routing.Server.Configuration;
using Routing.Server.Desk.Commands;
using Routing.Server.Grpc;
using Routing.Server.Security;
using Routing.Server.Tenants;

namespace Routing.Server.Desk;

/// <summary>
/// Runs one agent desk stream: hello and welcome, then the agent's commands, each answered on the
/// stream by <see cref="DeskCommands"/>. The session ends when the desk closes its side, drops the
/// stream, stops sending heartbeats, or is replaced; whatever the reason, the engine is told, so
/// offers return to the queue at once and assignments after the reconnect grace.
/// </summary>
public sealed class DeskSessionRunner(
    HelloHandler hello,
    DeskCommands commands,
    IDeskEngine engine,
    AgentSessionRegistry sessions,
    ActiveTenants tenants,
    RoutingMetrics metrics,
    TimeProvider time,
    IOptions<EngineOptions> engineOptions,
    RoutingConfigurationHolder configuration,
    ILogger<DeskSessionRunner> logger)
{
    /// <summary>Runs the desk of <paramref name="caller"/>: its hello must name the agent its credential names.</summary>
    public async Task RunAsync(Caller caller, IAsyncStreamReader<ConnectRequest> requests, IServerStreamWriter<ConnectResponse> responses, ServerCallContext context)
    {
        var tenant = caller.Tenant;
        var options = engineOptions.Value;
        var first = await ReadHelloAsync(requests, options.HelloTimeout, context.CancellationToken).ConfigureAwait(false);
        if (first is null)
        {
            return;
        }

        var profile = hello.Validate(first.Hello);

        // Before anything is stored: a token for ada cannot replace bob's session or take over his assignments.
        if (!string.Equals(profile.AgentId, caller.Subject, StringComparison.Ordinal))
        {
            AccessDenied.AgentMismatch(caller);
        }

        var limits = configuration.Current.Limits;
        var session = new AgentSession(tenant, profile.AgentId, "ses-" + Guid.CreateVersion7().ToString("N"), time, limits.DeskOutboxCapacity)
        {
            MayTransferToAnyQueue = caller.IsInRole(RoutingRoles.Supervisor),
        };

        // Refused before the engine hears of it: nothing is written and the agent's live session, if any, stays.
        if (!sessions.TryAdd(session, limits.MaxDeskStreamsPerTenant))
        {
            DeskLog.DeskStreamsExhausted(logger, profile.AgentId, tenant, limits.MaxDeskStreamsPerTenant);
            throw RoutingStatus.ToRpcException(RoutingStatus.DeskStreamsExhausted(limits.MaxDeskStreamsPerTenant));
        }

        metrics.SessionOpened(tenant);
        var writer = WriteAsync(session, responses, limits.SlowDeskWriteTimeout, context.CancellationToken);
        var reason = "stream ended by the desk";
        try
        {
            // The hello, the profile and the welcome are not needed after this: they are used inside
            // WelcomeAsync only, so this method, which lives as long as the stream, does not keep them.
            await WelcomeAsync(session, profile, first.RequestId, context.CancellationToken).ConfigureAwait(false);

            using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, session.Ending);
            session.WatchHeartbeats();
            try
            {
                while (await requests.MoveNext(ending.Token).ConfigureAwait(false))
                {
                    session.Touch();
                    await commands.HandleAsync(session, requests.Current, context.CancellationToken).ConfigureAwait(false);
                }

                // The desk closed its side: it sends nothing more, so the session is over now, not
                // when the heartbeat watchdog would notice.
                session.End(reason);
            }
            catch (OperationCanceledException)
            {
                reason = session.EndReason ?? "call cancelled";
            }
            catch (IOException)
            {
                reason = "connection lost";
            }
        }
        finally
        {
            session.End(reason);
            sessions.Remove(session);
            metrics.SessionClosed(tenant);
            try
            {
                var gone = await engine.DisconnectAsync(session, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                engine.Deliver(tenant, gone.Events);
            }
            catch (Exception ex)
            {
                // Whatever the store threw, the end is retried until it is recorded (OfferResync).
                DeskLog.DisconnectFailed(logger, ex, session.AgentId, session.SessionId);
                sessions.RecordEndLater(session);
            }

            DeskLog.Disconnected(logger, session.AgentId, session.SessionId, session.EndReason ?? reason);
            await writer.ConfigureAwait(false);
        }

        if (session.Overflowed)
        {
            DeskLog.DeskTooSlow(logger, session.AgentId, session.SessionId, limits.DeskOutboxCapacity);
            throw RoutingStatus.ToRpcException(RoutingStatus.DeskTooSlow(limits.DeskOutboxCapacity));
        }
    }

    /// <summary>Connects the session and sends the welcome; a store that does not answer ends the call UNAVAILABLE "unavailable", for the desk to connect again.</summary>
    private async Task WelcomeAsync(AgentSession session, Core.Agents.AgentProfile profile, string requestId, CancellationToken cancellationToken)
    {
        DeskAnswer welcome;
        try
        {
            // Before the hello writes anything, the tenant is in the registry every node sweeps.
            await tenants.EnsureAsync(session.Tenant, cancellationToken).ConfigureAwait(false);
            welcome = await hello.WelcomeAsync(session, profile, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (RoutingStatus.IsStoreUnavailable(ex))
        {
            DeskLog.StoreUnavailable(logger, session.AgentId, "hello", ex.GetType().Name);
            throw RoutingStatus.ToRpcException(RoutingStatus.DeskStoreUnavailable with { Message = "The routing store did not answer the hello; connect again." });
        }

        commands.Send(session, requestId, welcome);
        DeskLog.Connected(logger, profile.AgentId, session.SessionId, welcome.Reply.Welcome.Resumed.Count);
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
            throw RoutingStatus.ToRpcException(new RoutingFailure(
                StatusCode.DeadlineExceeded, "hello_timeout", "hello", $"No hello within {timeout.TotalSeconds:0} s; the first message must be hello."));
        }

        if (requests.Current.KindCase != ConnectRequest.KindOneofCase.Hello)
        {
            RoutingErrors.FailedPrecondition("hello_required", "The first message on the stream must be hello.");
        }

        return requests.Current;
    }

    /// <summary>
    /// The stream's one writer. Once the desk overflowed its outbox nothing more is written; the
    /// write in flight gets <paramref name="slowDeskTimeout"/> to go through (a desk that reads
    /// again then sees the status the call ends with), else it is abandoned and the stream reset.
    /// </summary>
    private static async Task WriteAsync(AgentSession session, IServerStreamWriter<ConnectResponse> responses, TimeSpan slowDeskTimeout, CancellationToken callToken)
    {
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(callToken);
        using var overflowed = session.Abandoned.Register(() => writing.CancelAfter(slowDeskTimeout));
        var cancellationToken = writing.Token;
        try
        {
            await foreach (var message in session.Outbox.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (session.Overflowed)
                {
                    return;
                }

                await responses.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            session.End("could not write to the desk");
        }
    }
}
