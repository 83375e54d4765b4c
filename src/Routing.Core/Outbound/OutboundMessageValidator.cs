using Routing.Core.Errors;

namespace Routing.Core.Outbound;

/// <summary>
/// The limits of an outbound message (an agent's reply, an outreach), checked before anything is
/// written: INVALID_ARGUMENT naming the field.
/// </summary>
public static class OutboundMessageValidator
{
    public const int TextLength = 4_000;

    public const int MaxAttachments = 10;

    public const int AttachmentRefLength = 512;

    public const int IdLength = 128;

    public const int AckReasonLength = 200;

    /// <summary>Text, or at least one attachment; <paramref name="prefix"/> names the message ("send_reply").</summary>
    public static void Message(string? text, IReadOnlyList<string> attachments, string prefix)
    {
        RoutingErrors.ThrowIfTooLong(text, TextLength, prefix + "text");
        if (string.IsNullOrWhiteSpace(text) && attachments.Count == 0)
        {
            RoutingErrors.InvalidArgument(prefix + "text", "needs text or at least one attachment reference");
        }

        if (attachments.Count > MaxAttachments)
        {
            RoutingErrors.InvalidArgument(prefix + "attachment_refs", $"at most {MaxAttachments} attachment references");
        }

        foreach (var reference in attachments)
        {
            if (string.IsNullOrWhiteSpace(reference) || reference.Length > AttachmentRefLength || reference.Contains('\n', StringComparison.Ordinal))
            {
                RoutingErrors.InvalidArgument(prefix + "attachment_refs", $"each must be 1-{AttachmentRefLength} characters on one line");
            }
        }
    }

    /// <summary>An id (contact, delivery, source, external id): 1-128 printable characters without spaces or bars.</summary>
    public static void Id(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > IdLength || value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '|'))
        {
            RoutingErrors.InvalidArgument(field, $"must be 1-{IdLength} characters without spaces");
        }
    }
}
