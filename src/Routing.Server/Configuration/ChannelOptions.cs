using Routing.Core.Channels;

namespace Routing.Server.Configuration;

/// <summary>One configured channel (the key under "Channels" is its name).</summary>
public sealed class ChannelOptions
{
    /// <summary>False removes a built-in channel.</summary>
    public bool Enabled { get; set; } = true;

    public AddressKind AddressKind { get; set; } = AddressKind.Handle;

    /// <summary>Merge a second message into the customer's contact still waiting on this channel.</summary>
    public bool MergeWhileWaiting { get; set; } = true;
}
