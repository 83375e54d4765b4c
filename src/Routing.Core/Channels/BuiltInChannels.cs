namespace Routing.Core.Channels;

/// <summary>
/// The channels every deployment has unless configuration disables them. Configuration overrides
/// them key by key, so these values hold for every key an operator does not set.
/// </summary>
public static class BuiltInChannels
{
    public static IReadOnlyList<ChannelDefinition> All { get; } =
    [
        new("voice", AddressKind.Phone, MergeWhileWaiting: false),
        new("video", AddressKind.Handle, MergeWhileWaiting: false),
        new("chat", AddressKind.Handle, MergeWhileWaiting: true),
        new("email", AddressKind.Email, MergeWhileWaiting: true),
        new("sms", AddressKind.Phone, MergeWhileWaiting: true),
        new("whatsapp", AddressKind.Phone, MergeWhileWaiting: true),
        new("social", AddressKind.Handle, MergeWhileWaiting: true),
        new("webform", AddressKind.Email, MergeWhileWaiting: true),
        new("letter", AddressKind.Handle, MergeWhileWaiting: true),
    ];
}
