using Grpc.Core;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.Desk;
using StackExchange.Redis;

namespace Routing.Server.UnitTests;

/// <summary>How every desk command is answered on the stream, whatever its handler: replies, errors, events and the session's fate.</summary>
public sealed class DeskCommandsTests : IDisposable
{
    private readonly DeskTestContext _desk = new();

    [Fact]
    public async Task HandleAsync_AnyCommand_EchoesTheRequestId()
    {
        var reply = await _desk.AnswerAsync(new ConnectRequest { RequestId = "r7", Heartbeat = new Heartbeat() });

        Assert.Equal("r7", reply.RequestId);
        Assert.Equal(DeskTestContext.Now, reply.HeartbeatAck.ReceivedAt.ToDateTimeOffset());
    }

    [Fact]
    public async Task HandleAsync_CommandSetsOffEvents_ReplyIsSentBeforeTheEventsAreDelivered()
    {
        _desk.Engine.Next = new DeskResult(DeskResultCode.Ok, StubDeskEngine.SomeEvents);
        ConnectResponse? sentBeforeDelivery = null;
        _desk.Engine.OnDeliver = () => _desk.Session.Outbox.TryPeek(out sentBeforeDelivery);

        await _desk.Commands.HandleAsync(_desk.Session, new ConnectRequest { Status = new ChangeStatus { Status = AgentStatus.Away, Reason = "break" } }, CancellationToken.None);

        Assert.NotNull(sentBeforeDelivery?.StatusChanged);
        Assert.Same(StubDeskEngine.SomeEvents, Assert.Single(_desk.Engine.Delivered));
    }

    [Fact]
    public async Task HandleAsync_StoreTimesOut_AnswersUnavailable_AndKeepsTheSession()
    {
        _desk.Engine.Failure = new RedisTimeoutException("Timeout awaiting response", CommandStatus.Sent);

        var reply = await _desk.AnswerAsync(new ConnectRequest { RequestId = "r1", Accept = new AcceptOffer { OfferId = "of-1" } });

        Assert.Equal(("r1", "unavailable", (int)StatusCode.Unavailable), (reply.RequestId, reply.Error.Code, reply.Error.StatusCode));
        Assert.False(_desk.Session.Ending.IsCancellationRequested);
    }

    [Fact]
    public async Task HandleAsync_StoreUnreachable_AnswersUnavailable()
    {
        _desk.Engine.Failure = new RedisConnectionException(ConnectionFailureType.SocketFailure, "No connection is active");

        var reply = await _desk.AnswerAsync(new ConnectRequest { Complete = new CompleteContact { ContactId = "ct-1", Disposition = "resolved" } });

        Assert.Equal("unavailable", reply.Error.Code);
    }

    [Fact]
    public async Task HandleAsync_UnexpectedFailure_IsNotHiddenAsADeskError()
    {
        _desk.Engine.Failure = new InvalidOperationException("Unexpected engine answer 'huh'.");

        await Assert.ThrowsAsync<InvalidOperationException>(() => _desk.Commands.HandleAsync(
            _desk.Session, new ConnectRequest { Accept = new AcceptOffer { OfferId = "of-1" } }, CancellationToken.None));
    }

    [Fact]
    public async Task HandleAsync_StaleSession_AnswersAndEndsTheSession()
    {
        _desk.Engine.Next = new DeskResult(DeskResultCode.StaleSession, []);

        var reply = await _desk.AnswerAsync(new ConnectRequest { Status = new ChangeStatus { Status = AgentStatus.Available } });

        Assert.Equal("stale_session", reply.Error.Code);
        Assert.True(_desk.Session.Ending.IsCancellationRequested);
    }

    [Fact]
    public async Task HandleAsync_SecondHello_IsAlreadyConnected_AndReachesNoEngine()
    {
        var reply = await _desk.AnswerAsync(new ConnectRequest { Hello = new Hello { AgentId = "ada" } });

        Assert.Equal(("already_connected", (int)StatusCode.FailedPrecondition, "hello"), (reply.Error.Code, reply.Error.StatusCode, reply.Error.Field));
        Assert.Empty(_desk.Engine.Calls);
    }

    [Fact]
    public async Task HandleAsync_NoCommand_IsInvalidArgument()
    {
        var reply = await _desk.AnswerAsync(new ConnectRequest { RequestId = "r2" });

        Assert.Equal(("invalid_argument", "kind"), (reply.Error.Code, reply.Error.Field));
    }

    [Fact]
    public async Task HandleAsync_InvalidCommand_IsAnsweredWithTheFieldAndReachesNoEngine()
    {
        var reply = await _desk.AnswerAsync(new ConnectRequest { Decline = new DeclineOffer { OfferId = "of-1", Reason = new string('r', 201) } });

        Assert.Equal(("invalid_argument", (int)StatusCode.InvalidArgument, "decline.reason"), (reply.Error.Code, reply.Error.StatusCode, reply.Error.Field));
        Assert.Empty(_desk.Engine.Calls);
    }

    public void Dispose() => _desk.Dispose();
}
