using Routing.Core.Agents;
using Routing.Core.Errors;

namespace Routing.Core.Tests;

public sealed class DeskCommandValidatorTests
{
    [Theory]
    [InlineData(AgentStatuses.Available)]
    [InlineData(AgentStatuses.Away)]
    [InlineData(AgentStatuses.Offline)]
    public void Status_KnownStatus_Passes(string status) => DeskCommandValidator.Status(status, "break");

    [Theory]
    [InlineData("")]
    [InlineData("42")]
    [InlineData("busy")]
    public void Status_NotAStatus_ThrowsInvalidArgumentNamingTheField(string status) =>
        AssertRejected("status.status", () => DeskCommandValidator.Status(status, ""));

    [Fact]
    public void Status_ReasonOverLimit_IsRejected() =>
        AssertRejected("status.reason", () => DeskCommandValidator.Status(AgentStatuses.Away, new string('r', DeskLimits.StatusReasonLength + 1)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Accept_NoOfferId_IsRejected(string? offerId) => AssertRejected("accept.offer_id", () => DeskCommandValidator.Accept(offerId));

    [Fact]
    public void Accept_OfferIdLongerThanAnyRouterId_IsRejected() =>
        AssertRejected("accept.offer_id", () => DeskCommandValidator.Accept(new string('o', DeskLimits.IdLength + 1)));

    [Fact]
    public void Decline_ReasonOverLimit_IsRejected() =>
        AssertRejected("decline.reason", () => DeskCommandValidator.Decline("of-1", new string('r', DeskLimits.DeclineReasonLength + 1)));

    [Theory]
    [InlineData("", "resolved", "", "complete.contact_id")]
    [InlineData("ct-1", "", "", "complete.disposition")]
    [InlineData("ct-1", "  ", "", "complete.disposition")]
    public void Complete_MissingField_IsRejected(string contactId, string disposition, string notes, string field) =>
        AssertRejected(field, () => DeskCommandValidator.Complete(contactId, disposition, notes));

    [Fact]
    public void Complete_DispositionAndNotesAtTheirLimits_Pass() =>
        DeskCommandValidator.Complete("ct-1", new string('d', DeskLimits.DispositionLength), new string('n', DeskLimits.NotesLength));

    [Fact]
    public void Complete_NotesOverLimit_IsRejected() =>
        AssertRejected("complete.notes", () => DeskCommandValidator.Complete("ct-1", "resolved", new string('n', DeskLimits.NotesLength + 1)));

    [Theory]
    [InlineData(null, null, "transfer.target")]
    [InlineData("Billing", null, "transfer.queue")]
    [InlineData("", null, "transfer.queue")]
    [InlineData(null, "", "transfer.agent_id")]
    [InlineData(null, "ada lovelace", "transfer.agent_id")]
    public void Transfer_BadTarget_IsRejectedNamingTheField(string? queue, string? agentId, string field) =>
        AssertRejected(field, () => DeskCommandValidator.Transfer("ct-1", queue, agentId, ""));

    [Theory]
    [InlineData("billing", null)]
    [InlineData(null, "Ada.Lovelace@example")]
    public void Transfer_QueueOrAgent_Passes(string? queue, string? agentId) => DeskCommandValidator.Transfer("ct-1", queue, agentId, "over to you");

    [Fact]
    public void Transfer_NoteOverLimit_IsRejected() =>
        AssertRejected("transfer.note", () => DeskCommandValidator.Transfer("ct-1", "billing", null, new string('n', DeskLimits.TransferNoteLength + 1)));

    private static void AssertRejected(string field, Action validate)
    {
        var ex = Assert.Throws<RoutingException>(validate);
        Assert.Equal((RoutingErrorKind.InvalidArgument, "invalid_argument", field), (ex.Kind, ex.Code, ex.Field));
        Assert.StartsWith(field, ex.Message);
    }
}
