using Routing.Core.Channels;
using Routing.Core.Errors;

namespace Routing.Core.Contacts;

/// <summary>
/// Checks a submitted contact and normalises it. Every rejection is InvalidArgument naming the
/// field (as the proto spells it, under "contact."), and happens before anything is written.
/// </summary>
public sealed class ContactValidator(ChannelCatalog channels, IngestLimits limits, TimeProvider time)
{
    public ValidContact Validate(InboundContact? contact)
    {
        if (contact is null)
        {
            RoutingErrors.InvalidArgument("contact", "is required");
        }

        if (string.IsNullOrWhiteSpace(contact.Channel))
        {
            RoutingErrors.InvalidArgument("contact.channel", "is required");
        }

        if (!channels.TryGet(contact.Channel, out var channel))
        {
            var known = string.Join(", ", channels.All.Select(c => c.Name).Order(StringComparer.Ordinal));
            RoutingErrors.InvalidArgument("contact.channel", $"unknown channel '{contact.Channel}' (configured: {known})");
        }

        var externalId = contact.ExternalId?.Trim() ?? "";
        if (externalId.Length == 0)
        {
            RoutingErrors.InvalidArgument("contact.external_id", "is required (it makes retries idempotent)");
        }

        RoutingErrors.ThrowIfTooLong(externalId, limits.MaxExternalIdLength, "contact.external_id");
        if (externalId.Any(char.IsControl))
        {
            RoutingErrors.InvalidArgument("contact.external_id", "must not contain control characters");
        }

        var from = AddressNormalizer.TryNormalize(channel.AddressKind, contact.From, limits.DefaultCountryCode, out var error);
        if (from is null)
        {
            RoutingErrors.InvalidArgument("contact.from", error);
        }

        RoutingErrors.ThrowIfTooLong(contact.Subject, limits.MaxSubjectLength, "contact.subject");
        RoutingErrors.ThrowIfTooLong(contact.Text, limits.MaxTextLength, "contact.text");
        RoutingErrors.ThrowIfTooLong(contact.Intent, limits.MaxIntentLength, "contact.intent");
        RoutingErrors.ThrowIfTooLong(contact.Language, limits.MaxLanguageLength, "contact.language");
        ValidateAttributes(contact.Attributes);

        var now = time.GetUtcNow();
        var receivedAt = contact.ReceivedAt ?? now;
        if (receivedAt > now.AddMinutes(5))
        {
            RoutingErrors.InvalidArgument("contact.received_at", "is in the future");
        }

        return new ValidContact(
            channel,
            externalId,
            from,
            contact.Subject ?? "",
            contact.Text ?? "",
            contact.Intent?.Trim() ?? "",
            contact.Language?.Trim() ?? "",
            contact.Attributes,
            receivedAt);
    }

    private void ValidateAttributes(IReadOnlyDictionary<string, string> attributes)
    {
        if (attributes.Count > limits.MaxAttributes)
        {
            RoutingErrors.InvalidArgument("contact.attributes", $"at most {limits.MaxAttributes} attributes (got {attributes.Count})");
        }

        foreach (var (key, value) in attributes)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                RoutingErrors.InvalidArgument("contact.attributes", "keys must not be empty");
            }

            RoutingErrors.ThrowIfTooLong(key, limits.MaxAttributeKeyLength, $"contact.attributes[{key}]");
            RoutingErrors.ThrowIfTooLong(value, limits.MaxAttributeValueLength, $"contact.attributes[{key}]");
        }
    }
}
