namespace Routing.Core.Channels;

/// <summary>How a channel identifies its senders, which decides how addresses are validated and normalised.</summary>
public enum AddressKind
{
    /// <summary>A phone number, normalised to E.164 (voice, SMS, WhatsApp).</summary>
    Phone,

    /// <summary>An e-mail address, lower-cased (email, web forms).</summary>
    Email,

    /// <summary>An opaque handle or session id, trimmed (chat, social, video, letters).</summary>
    Handle,
}
