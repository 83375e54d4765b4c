using Routing.Core.Channels;

namespace Routing.Server.Configuration;

/// <summary>
/// The channels gateways may submit on: the built-in ones plus whatever "Channels:{name}"
/// configures. Adding a channel is configuration only; "Enabled": false removes one.
/// </summary>
public sealed class ChannelsOptions
{
    public const string SectionName = "Channels";

    public static IReadOnlyList<ChannelDefinition> BuiltIn { get; } =
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

    public Dictionary<string, ChannelOptions> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<ChannelDefinition> Resolve()
    {
        var result = BuiltIn.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, channel) in Channels)
        {
            if (channel.Enabled)
            {
                result[name] = new ChannelDefinition(name.ToLowerInvariant(), channel.AddressKind, channel.MergeWhileWaiting);
            }
            else
            {
                result.Remove(name);
            }
        }

        return result.Values;
    }
}
