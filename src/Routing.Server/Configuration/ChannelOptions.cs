using Routing.Core.Channels;

namespace Routing.Server.Configuration;

/// <summary>
/// One configured channel (the key under "Channels" is its name). Every property left unset (null)
/// keeps the built-in channel's value, so setting one key never resets the others.
/// </summary>
public sealed class ChannelOptions
{
    /// <summary>False removes a built-in channel.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How senders are identified; null keeps the built-in value (Handle for a new channel).</summary>
    public AddressKind? AddressKind { get; set; }

    /// <summary>Merge a second message into the customer's contact still waiting on this channel; null keeps the built-in value (true for a new channel).</summary>
    public bool? MergeWhileWaiting { get; set; }

    /// <summary>How many contacts of this channel an agent handles at once unless its hello says otherwise; null keeps the built-in default.</summary>
    public int? Capacity { get; set; }

    /// <summary>Channels an agent cannot be offered while holding a contact of this one (and the other way round); null keeps the built-in default.</summary>
    public List<string>? Blocks { get; set; }

    /// <summary>Contacts of this channel stay with the agent when its desk disconnects (a connected voice call); null keeps the built-in default.</summary>
    public bool? StaysWithAgentOnDisconnect { get; set; }

    /// <summary>Wrap-up after completing a contact of this channel; null uses Engine:WrapUp.</summary>
    public TimeSpan? WrapUp { get; set; }

    /// <summary>
    /// How long after the customer's last message on this channel an answer may go out on it without
    /// recorded consent (they chose to write); null keeps the built-in value (see
    /// <see cref="ChannelsOptions.BuiltInReplyWindows"/>), zero means no reply window.
    /// </summary>
    public TimeSpan? ReplyWindow { get; set; }
}
