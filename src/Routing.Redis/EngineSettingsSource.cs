namespace Routing.Redis;

/// <summary>
/// The engine settings every script receives, replaceable while the node runs: a configuration
/// reload of the engine timings or of a channel's wrap-up reaches the next script call on this node
/// without a restart. Reads are one volatile load of an immutable snapshot.
/// </summary>
public sealed class EngineSettingsSource
{
    private volatile Snapshot _current;

    public EngineSettingsSource(EngineSettings settings) => _current = new(settings, settings.ToArgument());

    public EngineSettings Current => _current.Settings;

    /// <summary>What the scripts receive (<see cref="EngineSettings.ToArgument"/>) for <see cref="Current"/>.</summary>
    public string Argument => _current.Argument;

    public void Replace(EngineSettings settings) => _current = new(settings, settings.ToArgument());

    private sealed record Snapshot(EngineSettings Settings, string Argument);
}
