using Grpc.Core;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.Desk;

namespace Routing.Server.UnitTests;

/// <summary>Status, decline, complete and transfer: what each confirms, what each refuses, what each asks the engine.</summary>
public sealed class CommandHandlerTests : IDisposable
{
    private readonly DeskTestContext _desk = new();

    [Fact]
    public async Task Status_Away_IsConfirmedWithTheReason()
    {
        var reply = await _desk.AnswerAsync(new ConnectRequest { Status = new ChangeStatus { Status = AgentStatus.Away, Reason = "training" } });

        Assert.Equal((AgentStatus.Away, "training"), (reply.StatusChanged.Status, reply.StatusChanged.Reason));
        Assert.Equal(["status away training"], _desk.Engine.Calls);
    }

    [Theory]
    [InlineData(AgentStatus.Unspecified)]
    [InlineData((AgentStatus)42)]
    public async Task Status_NotAStatus_IsInvalidArgumentNamingTheField(AgentStatus status)
    {
        var reply = await _desk.AnswerAsync(new ConnectRequest { Status = new ChangeStatus { Status = status } });

        Assert.Equal("status.status", reply.Error.Field);
        Assert.Empty(_desk.Engine.Calls);
    }

    [Fact]
    public async Task Decline_Accepted_IsAcknowledgedAsARevocationOfThatOffer()
    {
        _desk.Offered(new Offer { OfferId = "of-1" });
        _desk.Engine.Next = new DeskResult(DeskResultCode.Ok, []) { ContactId = "ct-1" };

        var reply = await _desk.AnswerAsync(new ConnectRequest { Decline = new DeclineOffer { OfferId = "of-1", Reason = "busy" } });

        Assert.Equal(("of-1", "ct-1"), (reply.OfferRevoked.OfferId, reply.OfferRevoked.ContactId));
        Assert.Null(_desk.Session.Forget("of-1"));
    }

    [Fact]
    public async Task Complete_Done_ConfirmsWithTheWrapUpEnd()
    {
        var until = DeskTestContext.Now.AddSeconds(10);
        _desk.Engine.Next = new DeskResult(DeskResultCode.Ok, []) { WrapUpUntil = until };

        var reply = await _desk.AnswerAsync(new ConnectRequest { Complete = new CompleteContact { ContactId = "ct-1", Disposition = "resolved" } });

        Assert.Equal(("ct-1", until), (reply.Completed.ContactId, reply.Completed.WrapUpUntil.ToDateTimeOffset()));
    }

    [Theory]
    [InlineData(DeskResultCode.ContactNotFound, StatusCode.NotFound, "contact_not_found")]
    [InlineData(DeskResultCode.ContactAlreadyCompleted, StatusCode.FailedPrecondition, "contact_already_completed")]
    [InlineData(DeskResultCode.ContactNotAssignedToYou, StatusCode.FailedPrecondition, "contact_not_assigned_to_you")]
    public async Task Complete_EngineRefuses_IsADeskErrorAboutTheContact(DeskResultCode code, StatusCode status, string error)
    {
        _desk.Engine.Next = new DeskResult(code, []);

        var reply = await _desk.AnswerAsync(new ConnectRequest { Complete = new CompleteContact { ContactId = "ct-5", Disposition = "resolved" } });

        Assert.Equal((error, (int)status, "contact_id"), (reply.Error.Code, reply.Error.StatusCode, reply.Error.Field));
        Assert.Contains("ct-5", reply.Error.Message);
    }

    [Fact]
    public async Task Transfer_ToAnAgent_PassesTheTrimmedAgentAndNoQueue()
    {
        var reply = await _desk.AnswerAsync(new ConnectRequest { Transfer = new TransferContact { ContactId = "ct-1", AgentId = " bob ", Note = "billing" } });

        Assert.Equal("ct-1", reply.Transferred.ContactId);
        Assert.Equal(["transfer ct-1 queue= agent=bob"], _desk.Engine.Calls);
    }

    [Fact]
    public async Task Transfer_TargetAgentNotLoggedIn_NamesThatAgent()
    {
        _desk.Engine.Next = new DeskResult(DeskResultCode.AgentUnavailable, []);

        var reply = await _desk.AnswerAsync(new ConnectRequest { Transfer = new TransferContact { ContactId = "ct-1", AgentId = "bob" } });

        Assert.Equal(("agent_unavailable", "transfer.agent_id"), (reply.Error.Code, reply.Error.Field));
        Assert.Contains("bob", reply.Error.Message);
    }

    [Fact]
    public async Task Transfer_NoTarget_IsInvalidArgument_AndReachesNoEngine()
    {
        var reply = await _desk.AnswerAsync(new ConnectRequest { Transfer = new TransferContact { ContactId = "ct-1" } });

        Assert.Equal("transfer.target", reply.Error.Field);
        Assert.Empty(_desk.Engine.Calls);
    }

    public void Dispose() => _desk.Dispose();
}
