namespace Routing.Redis;

/// <summary>The zero-install Redis: Microsoft Garnet in-process, on loopback.</summary>
public sealed class EmbeddedGarnetOptions
{
    /// <summary>Loopback port; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Garnet's log memory budget, e.g. "1g".</summary>
    public string Memory { get; set; } = "1g";

    /// <summary>Garnet's hash index size, e.g. "64m".</summary>
    public string Index { get; set; } = "64m";

    /// <summary>
    /// Directory for Garnet's append-only file and checkpoints. Set it and accepted contacts survive
    /// a restart of the embedded store; empty keeps everything in memory (demo only).
    /// </summary>
    public string? DataDirectory { get; set; }
}
