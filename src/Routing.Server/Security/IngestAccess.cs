using Routing.Server.Configuration;
using Routing.Redis;

namespace Routing.Server.Security;

/// <summary>
/// What a gateway may do with contacts, checked before anything is written: submit only on the
/// channels its key is scoped to; cancel only contacts of those channels. A supervisor may cancel
/// any contact of its tenant.
/// </summary>
public sealed class IngestAccess(RoutingConfigurationHolder configuration, ContactQueueStore store)
{
    /// <summary>An unknown or missing channel is left to validation (INVALID_ARGUMENT naming the field).</summary>
    public void EnsureMaySubmit(Caller caller, string? channel)
    {
        if (configuration.Current.Catalog.TryGet(channel, out var known) && !caller.MaySubmitOn(known.Name))
        {
            AccessDenied.ChannelNotAllowed(caller, known.Name, "contact.channel");
        }
    }

    /// <summary>
    /// By external id the channel is in the request; by contact id it is read from the contact
    /// (a contact's channel never changes, so reading it first is no race). A contact that does not
    /// exist is left to Cancel's NOT_FOUND.
    /// </summary>
    public async Task EnsureMayCancelAsync(Caller caller, string? contactId, string? externalChannel, CancellationToken cancellationToken)
    {
        if (caller.IsInRole(RoutingRoles.Supervisor))
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(contactId))
        {
            EnsureMaySubmit(caller, externalChannel);
            return;
        }

        var contact = await store.GetContactAsync(caller.Tenant, contactId.Trim(), cancellationToken).ConfigureAwait(false);
        if (contact is not null && !caller.MaySubmitOn(contact.Channel))
        {
            AccessDenied.ChannelNotAllowed(caller, contact.Channel, "contact_id");
        }
    }
}
