using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using Routing.Protos.V1;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>An agent desk for tests: the generated AgentDesk client on one Connect stream, every server message kept in order.</summary>
public sealed class DeskClient : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<ConnectRequest, ConnectResponse> _call;
    private readonly Channel<ConnectResponse> _inbox = Channel.CreateUnbounded<ConnectResponse>();
    private readonly Task _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly List<ConnectResponse> _unread = [];
    private int _requests;

    private DeskClient(GrpcChannel channel, string agentId, Metadata headers)
    {
        AgentId = agentId;
        _call = new AgentDesk.AgentDeskClient(channel).Connect(headers);
        _reader = Task.Run(ReadAsync);
    }

    public string AgentId { get; }

    public Welcome Welcome { get; private set; } = null!;

    /// <summary>The status the stream ended with, once it has.</summary>
    public Status? EndStatus { get; private set; }

    /// <summary>When the stream ended (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), once it has.</summary>
    public long? EndedAt { get; private set; }

    /// <summary>Connects as <paramref name="agentId"/> with a token for that agent in the server's tenant.</summary>
    public static Task<DeskClient> ConnectAsync(ITestServer server, string agentId, Action<Hello>? configure = null, AgentStatus status = AgentStatus.Available, params (string Queue, int Proficiency, bool Primary)[] skills) =>
        ConnectAsync(server.Channel, server.Credentials.AgentHeaders(agentId), agentId, configure, status, skills);

    /// <summary>Connects with the given credential (<paramref name="headers"/>) and a hello for <paramref name="agentId"/>.</summary>
    public static async Task<DeskClient> ConnectAsync(GrpcChannel channel, Metadata headers, string agentId, Action<Hello>? configure = null, AgentStatus status = AgentStatus.Available, params (string Queue, int Proficiency, bool Primary)[] skills)
    {
        var desk = new DeskClient(channel, agentId, headers);
        var hello = new Hello { AgentId = agentId, InitialStatus = status };
        foreach (var (queue, proficiency, primary) in skills.Length == 0 ? [("general", 3, true)] : skills)
        {
            hello.Skills.Add(new SkillProficiency { Queue = queue, Proficiency = proficiency, Primary = primary });
        }

        configure?.Invoke(hello);
        await desk.SendAsync(new ConnectRequest { Hello = hello });
        desk.Welcome = (await desk.NextAsync(m => m.KindCase is ConnectResponse.KindOneofCase.Welcome or ConnectResponse.KindOneofCase.Error)).Welcome
            ?? throw new InvalidOperationException("hello was refused");
        return desk;
    }

    public async Task<string> SendAsync(ConnectRequest request)
    {
        request.RequestId = $"r{Interlocked.Increment(ref _requests)}";
        await _writeLock.WaitAsync();
        try
        {
            await _call.RequestStream.WriteAsync(request).WaitAsync(TestTimeout.Short);
        }
        finally
        {
            _writeLock.Release();
        }

        return request.RequestId;
    }

    /// <summary>
    /// The oldest unread message matching <paramref name="match"/>. Messages passed over stay
    /// unread for later calls (an offer arriving while a reply is awaited is not lost).
    /// </summary>
    public async Task<ConnectResponse> NextAsync(Func<ConnectResponse, bool> match, TimeSpan? timeout = null)
    {
        lock (_unread)
        {
            var index = _unread.FindIndex(m => match(m));
            if (index >= 0)
            {
                var found = _unread[index];
                _unread.RemoveAt(index);
                return found;
            }
        }

        using var cts = new CancellationTokenSource(timeout ?? TestTimeout.Short);
        while (true)
        {
            var message = await _inbox.Reader.ReadAsync(cts.Token);
            if (match(message))
            {
                return message;
            }

            lock (_unread)
            {
                _unread.Add(message);
            }
        }
    }

    /// <summary>The reply to one request (its echo of the request id).</summary>
    public async Task<ConnectResponse> RequestAsync(ConnectRequest request)
    {
        var id = await SendAsync(request);
        return await NextAsync(m => m.RequestId == id);
    }

    public async Task<Offer> NextOfferAsync(TimeSpan? timeout = null) => (await NextAsync(m => m.Offer is not null, timeout)).Offer;

    /// <summary>True when no offer arrives within <paramref name="window"/>.</summary>
    public async Task<bool> NoOfferWithinAsync(TimeSpan window)
    {
        try
        {
            await NextOfferAsync(window);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    public Task<ConnectResponse> AcceptAsync(string offerId) => RequestAsync(new ConnectRequest { Accept = new AcceptOffer { OfferId = offerId } });

    public Task<ConnectResponse> DeclineAsync(string offerId, string reason = "busy") =>
        RequestAsync(new ConnectRequest { Decline = new DeclineOffer { OfferId = offerId, Reason = reason } });

    public Task<ConnectResponse> CompleteAsync(string contactId, string disposition = "resolved", bool skipWrapUp = true) =>
        RequestAsync(new ConnectRequest { Complete = new CompleteContact { ContactId = contactId, Disposition = disposition, SkipWrapUp = skipWrapUp } });

    public Task<ConnectResponse> StatusAsync(AgentStatus status, string reason = "") =>
        RequestAsync(new ConnectRequest { Status = new ChangeStatus { Status = status, Reason = reason } });

    /// <summary>Accepts the next offer and returns the assigned contact.</summary>
    public async Task<Assignment> TakeNextAsync(TimeSpan? timeout = null)
    {
        var offer = await NextOfferAsync(timeout);
        var reply = await AcceptAsync(offer.OfferId);
        return reply.Assigned?.Assignment ?? throw new InvalidOperationException($"accept failed: {reply.Error}");
    }

    /// <summary>Ends the request side of the stream (a desk closing cleanly); the server's side stays readable.</summary>
    public async Task HalfCloseAsync() => await _call.RequestStream.CompleteAsync().WaitAsync(TestTimeout.Short);

    /// <summary>Sends a heartbeat every <paramref name="interval"/> until <paramref name="stop"/>, as a live desk does.</summary>
    public async Task HeartbeatAsync(TimeSpan interval, CancellationToken stop)
    {
        try
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(stop))
            {
                await SendAsync(new ConnectRequest { Heartbeat = new Heartbeat() });
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException or InvalidOperationException)
        {
        }
    }

    /// <summary>Ends the stream the way a crashed desk does: no goodbye.</summary>
    public async Task DropAsync()
    {
        _call.Dispose();
        await _reader.WaitAsync(TestTimeout.Short);
    }

    /// <summary>Waits until the server ends the stream.</summary>
    public async Task WaitEndedAsync() => await _reader.WaitAsync(TestTimeout.Short);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _call.RequestStream.CompleteAsync().WaitAsync(TestTimeout.Short);
        }
        catch (Exception ex) when (ex is InvalidOperationException or RpcException or TimeoutException)
        {
        }

        _call.Dispose();
        await _reader.WaitAsync(TestTimeout.Short).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var message in _call.ResponseStream.ReadAllAsync())
            {
                _inbox.Writer.TryWrite(message);
            }

            EndStatus = _call.GetStatus();
        }
        catch (RpcException ex)
        {
            EndStatus = ex.Status;
        }
        finally
        {
            EndedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            _inbox.Writer.TryComplete();
        }
    }
}
