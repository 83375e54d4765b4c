namespace Routing.Core.Channels;

/// <summary>The channels this deployment accepts, by name (case-insensitive).</summary>
public sealed class ChannelCatalog
{
    private readonly Dictionary<string, ChannelDefinition> _channels;

    public ChannelCatalog(IEnumerable<ChannelDefinition> channels)
    {
        _channels = channels.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyCollection<ChannelDefinition> All => _channels.Values;

    public bool TryGet(string? name, out ChannelDefinition channel)
    {
        if (name is not null && _channels.TryGetValue(name.Trim(), out var found))
        {
            channel = found;
            return true;
        }

        channel = null!;
        return false;
    }
}
