using Routing.Core.Agents;
using Routing.Core.Telemetry;
using Routing.Protos.V1;
using Routing.Server.Grpc;

namespace Routing.Server.Desk.Commands;

/// <summary>Accept: the offered contact becomes the agent's, confirmed by <see cref="Assigned"/> with the contact and its history.</summary>
public sealed class AcceptHandler(IDeskEngine engine, RoutingMetrics metrics, TimeProvider time)
{
    public async Task<DeskAnswer> HandleAsync(AgentSession session, AcceptOffer command, CancellationToken cancellationToken)
    {
        DeskCommandValidator.Accept(command.OfferId);
        var now = time.GetUtcNow();

        var result = await engine.AcceptAsync(session, command.OfferId, now, cancellationToken).ConfigureAwait(false);
        var offered = session.Forget(command.OfferId);
        if (!result.Ok)
        {
            return DeskAnswer.Refused(result, command.OfferId);
        }

        var assignment = FromOffer(offered) ?? await ReadAsync(session.Tenant, result.ContactId, command.OfferId, cancellationToken).ConfigureAwait(false);
        assignment.AssignedAt = ProtoMapper.ToTimestamp(now);
        metrics.Desk("accepted", assignment.Contact.Channel);
        if (assignment.Contact.EnqueuedAt is { } enqueuedAt)
        {
            metrics.ContactAnswered(assignment.Contact.Channel, assignment.Contact.Queue, now - enqueuedAt.ToDateTimeOffset());
        }

        var assigned = new Assigned { Assignment = assignment };
        assigned.BundledContactIds.Add(result.BundledContactIds);
        return new(new ConnectResponse { Assigned = assigned }, result.Events) { FollowUps = await BundledAsync(session, result, now, cancellationToken).ConfigureAwait(false) };
    }

    /// <summary>The Assigned of each other contact of the accepted bundle (parallel contacts of one customer).</summary>
    private async Task<IReadOnlyList<ConnectResponse>> BundledAsync(AgentSession session, DeskResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var followUps = new List<ConnectResponse>();
        for (var i = 0; i < result.BundledContactIds.Count; i++)
        {
            var contactId = result.BundledContactIds[i];
            // Closed by its offer id before the Assigned is queued: the offer may not have reached this
            // desk yet (the dispatcher reads the contact before sending it; the resync may hold it), and
            // an offer of a contact the desk already holds would count it twice against its capacity.
            var offered = session.Forget(result.BundledOfferIds[i]);
            var assignment = FromOffer(offered) ?? await ReadAsync(session.Tenant, contactId, "", cancellationToken).ConfigureAwait(false);
            assignment.AssignedAt = ProtoMapper.ToTimestamp(now);
            metrics.Desk("accepted", assignment.Contact.Channel);
            followUps.Add(new ConnectResponse { Assigned = new Assigned { Assignment = assignment, BundleAcceptedWith = result.ContactId } });
        }

        return followUps;
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

    /// <summary>
    /// The accept has happened, so the desk must hear it holds the contact even if the contact
    /// cannot be read right now: then it gets the id alone, and the whole contact on its next resume.
    /// </summary>
    private async Task<Assignment> ReadAsync(string tenant, string contactId, string offerId, CancellationToken cancellationToken)
    {
        try
        {
            var assignment = await engine.GetAssignmentAsync(tenant, contactId, offerId, cancellationToken).ConfigureAwait(false);
            if (assignment is not null)
            {
                return assignment;
            }
        }
        catch (Exception ex) when (RoutingStatus.IsStoreUnavailable(ex))
        {
        }

        return new Assignment { Contact = new Contact { ContactId = contactId, State = ContactState.Assigned }, OfferId = offerId };
    }
}
