using Routing.Core.Agents;
using Routing.Core.Channels;

namespace Routing.Server.Configuration;

/// <summary>
/// The channels gateways may submit on: the built-in ones plus whatever "Channels:{name}"
/// configures. Adding a channel is configuration only; "Enabled": false removes one.
/// </summary>
public sealed class ChannelsOptions
{
    public const string SectionName = "Channels";

    /// <summary>Built-in desk defaults: capacity per agent, blocked channels, stays with the agent on disconnect.</summary>
    public static IReadOnlyDictionary<string, ChannelDeskDefaults> BuiltInDesk { get; } = new Dictionary<string, ChannelDeskDefaults>(StringComparer.Ordinal)
    {
        ["voice"] = new(1, ["chat", "video", "sms", "whatsapp", "social"], StaysWithAgentOnDisconnect: true),
        ["video"] = new(1, ["chat", "voice", "sms", "whatsapp", "social"], StaysWithAgentOnDisconnect: true),
        ["chat"] = new(3, [], false),
        ["sms"] = new(3, [], false),
        ["whatsapp"] = new(3, [], false),
        ["social"] = new(3, [], false),
        ["email"] = new(5, [], false),
        ["webform"] = new(5, [], false),
        ["letter"] = new(5, [], false),
    };

    /// <summary>
    /// Built-in reply windows: WhatsApp's 24-hour customer-service window, a week for SMS, two weeks for
    /// e-mail, web forms and letters, a day for social messaging, an hour for chat (the session: a chat
    /// gone quiet for longer is over). Voice and video have none: a call is not answered later on the
    /// same line without consent.
    /// </summary>
    public static IReadOnlyDictionary<string, TimeSpan> BuiltInReplyWindows { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        ["whatsapp"] = TimeSpan.FromHours(24),
        ["sms"] = TimeSpan.FromDays(7),
        ["email"] = TimeSpan.FromDays(14),
        ["webform"] = TimeSpan.FromDays(14),
        ["letter"] = TimeSpan.FromDays(14),
        ["social"] = TimeSpan.FromHours(24),
        ["chat"] = TimeSpan.FromHours(1),
    };

    public Dictionary<string, ChannelOptions> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The enabled channels: each configured entry overrides only the keys it sets on the built-in definition.</summary>
    public IEnumerable<ChannelDefinition> Resolve()
    {
        var result = BuiltInChannels.All.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, channel) in Channels)
        {
            if (channel.Enabled)
            {
                var builtIn = result.GetValueOrDefault(name) ?? new ChannelDefinition(name.ToLowerInvariant(), AddressKind.Handle, MergeWhileWaiting: true);
                result[name] = builtIn with
                {
                    AddressKind = channel.AddressKind ?? builtIn.AddressKind,
                    MergeWhileWaiting = channel.MergeWhileWaiting ?? builtIn.MergeWhileWaiting,
                };
            }
            else
            {
                result.Remove(name);
            }
        }

        return result.Values;
    }

    /// <summary>The desk defaults of every enabled channel: built-in values overridden by configuration.</summary>
    public IReadOnlyDictionary<string, ChannelDeskDefaults> ResolveDesk()
    {
        var result = new Dictionary<string, ChannelDeskDefaults>(StringComparer.Ordinal);
        foreach (var channel in Resolve())
        {
            var d = BuiltInDesk.GetValueOrDefault(channel.Name) ?? new ChannelDeskDefaults(1, [], false);
            if (Channels.TryGetValue(channel.Name, out var o))
            {
                d = new ChannelDeskDefaults(
                    o.Capacity ?? d.Capacity,
                    o.Blocks?.Select(b => b.Trim().ToLowerInvariant()).ToList() ?? d.Blocks,
                    o.StaysWithAgentOnDisconnect ?? d.StaysWithAgentOnDisconnect);
            }

            result[channel.Name] = d;
        }

        return result;
    }

    /// <summary>Channels with their own wrap-up time.</summary>
    public IReadOnlyDictionary<string, TimeSpan> ResolveWrapUps() =>
        Channels.Where(c => c.Value.Enabled && c.Value.WrapUp is not null)
            .ToDictionary(c => c.Key.ToLowerInvariant(), c => c.Value.WrapUp!.Value, StringComparer.Ordinal);

    /// <summary>The reply window of every enabled channel that has one: built-in values overridden per channel by Channels:{name}:ReplyWindow.</summary>
    public IReadOnlyDictionary<string, TimeSpan> ResolveReplyWindows()
    {
        var result = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var channel in Resolve())
        {
            var window = Channels.TryGetValue(channel.Name, out var o) && o.ReplyWindow is { } configured
                ? configured
                : BuiltInReplyWindows.GetValueOrDefault(channel.Name);
            if (window > TimeSpan.Zero)
            {
                result[channel.Name] = window;
            }
        }

        return result;
    }
}
