using Grpc.Core;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.Desk;
using StackExchange.Redis;

namespace Routing.Server.UnitTests;

public sealed class AcceptHandlerTests : IDisposable
{
    private readonly DeskTestContext _desk = new();

    [Fact]
    public async Task Accept_OfferThisDeskWasSent_AssignsTheContactAsOffered_WithoutReadingIt()
    {
        var offer = new Offer { OfferId = "of-1", Contact = new Contact { ContactId = "ct-1", Channel = "chat", State = ContactState.Offered } };
        offer.History.Add(new ConversationMessage { ContactId = "ct-0" });
        _desk.Offered(offer);
        _desk.Engine.Next = new DeskResult(DeskResultCode.Ok, []) { ContactId = "ct-1" };

        var assignment = (await _desk.AnswerAsync(Accept("of-1"))).Assigned.Assignment;

        Assert.Equal(("ct-1", ContactState.Assigned, "of-1"), (assignment.Contact.ContactId, assignment.Contact.State, assignment.OfferId));
        Assert.Equal("ct-0", Assert.Single(assignment.History).ContactId);
        Assert.Equal(DeskTestContext.Now, assignment.AssignedAt.ToDateTimeOffset());
        Assert.Equal(["accept of-1"], _desk.Engine.Calls);
    }

    [Fact]
    public async Task Accept_OfABundle_AssignsEachContact_AndClosesTheirOffers_EvenOneNotYetSentToTheDesk()
    {
        // Parallel contacts: ct-2 joined ct-1's offer; its own offer (of-2) is still on its way to the
        // desk (the dispatcher reads the contact before sending it) when the desk accepts of-1.
        _desk.Offered(new Offer { OfferId = "of-1", BundleId = "of-1", Contact = new Contact { ContactId = "ct-1", Channel = "email" } });
        _desk.Engine.Contacts["ct-2"] = new Assignment { Contact = new Contact { ContactId = "ct-2", Channel = "chat", State = ContactState.Assigned } };
        _desk.Engine.Next = new DeskResult(DeskResultCode.Ok, []) { ContactId = "ct-1", BundledContactIds = ["ct-2"], BundledOfferIds = ["of-2"] };

        await _desk.Commands.HandleAsync(_desk.Session, Accept("of-1"), CancellationToken.None);
        var sent = _desk.Sent();

        Assert.Equal(["ct-1", "ct-2"], sent.Select(m => m.Assigned.Assignment.Contact.ContactId));
        Assert.Equal(["ct-2"], sent[0].Assigned.BundledContactIds);
        Assert.Equal("ct-1", sent[1].Assigned.BundleAcceptedWith);
        // The late offer is never sent after its contact's Assigned: the desk would count ct-2 twice.
        Assert.False(_desk.Session.SendOffer(new Offer { OfferId = "of-2", BundleId = "of-1", Contact = new Contact { ContactId = "ct-2", Channel = "chat" } }));
        Assert.Empty(_desk.Sent());
    }

    [Fact]
    public async Task Accept_OfferNotHeardByThisDesk_ReadsTheContact()
    {
        _desk.Engine.Contacts["ct-2"] = new Assignment { Contact = new Contact { ContactId = "ct-2", Text = "hello", State = ContactState.Assigned } };
        _desk.Engine.Next = new DeskResult(DeskResultCode.Ok, []) { ContactId = "ct-2" };

        var assignment = (await _desk.AnswerAsync(Accept("of-2"))).Assigned.Assignment;

        Assert.Equal(("ct-2", "hello"), (assignment.Contact.ContactId, assignment.Contact.Text));
        Assert.Equal(["accept of-2", "read ct-2"], _desk.Engine.Calls);
    }

    [Fact]
    public async Task Accept_ContactUnreadableAfterTheAccept_StillConfirmsTheAssignmentById()
    {
        _desk.Engine.ReadFailure = new RedisTimeoutException("Timeout awaiting response", CommandStatus.Sent);
        _desk.Engine.Next = new DeskResult(DeskResultCode.Ok, []) { ContactId = "ct-3" };

        var assignment = (await _desk.AnswerAsync(Accept("of-3"))).Assigned.Assignment;

        Assert.Equal(("ct-3", ContactState.Assigned, "of-3"), (assignment.Contact.ContactId, assignment.Contact.State, assignment.OfferId));
    }

    [Theory]
    [InlineData(DeskResultCode.OfferNotFound, StatusCode.NotFound, "offer_not_found")]
    [InlineData(DeskResultCode.NotYourOffer, StatusCode.PermissionDenied, "not_your_offer")]
    [InlineData(DeskResultCode.OfferExpired, StatusCode.FailedPrecondition, "offer_expired")]
    [InlineData(DeskResultCode.OfferNoLongerValid, StatusCode.FailedPrecondition, "offer_no_longer_valid")]
    public async Task Accept_EngineRefuses_IsADeskErrorAboutTheOffer_AndTheOfferIsForgotten(DeskResultCode code, StatusCode status, string error)
    {
        _desk.Offered(new Offer { OfferId = "of-4", Contact = new Contact { ContactId = "ct-4" } });
        _desk.Engine.Next = new DeskResult(code, StubDeskEngine.SomeEvents);

        var reply = await _desk.AnswerAsync(Accept("of-4"));

        Assert.Equal((error, (int)status, "offer_id"), (reply.Error.Code, reply.Error.StatusCode, reply.Error.Field));
        Assert.Contains("of-4", reply.Error.Message);
        Assert.Null(_desk.Session.Forget("of-4"));
        Assert.Same(StubDeskEngine.SomeEvents, Assert.Single(_desk.Engine.Delivered));
    }

    [Fact]
    public async Task Accept_NoOfferId_IsInvalidArgument_AndReachesNoEngine()
    {
        var reply = await _desk.AnswerAsync(Accept(""));

        Assert.Equal("accept.offer_id", reply.Error.Field);
        Assert.Empty(_desk.Engine.Calls);
    }

    public void Dispose() => _desk.Dispose();

    private static ConnectRequest Accept(string offerId) => new() { Accept = new AcceptOffer { OfferId = offerId } };
}
