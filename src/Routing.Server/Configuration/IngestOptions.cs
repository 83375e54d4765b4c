using Routing.Core.Contacts;

namespace Routing.Server.Configuration;

/// <summary>Limits on what gateways send.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    public IngestLimits Limits { get; set; } = new();

    /// <summary>Largest gRPC message the server accepts; larger ones get RESOURCE_EXHAUSTED.</summary>
    public int MaxMessageBytes { get; set; } = 256 * 1024;

    /// <summary>How many contacts of one SubmitStream are processed at once (over all its batches in flight).</summary>
    public int StreamConcurrency { get; set; } = 256;

    /// <summary>Most contacts of one SubmitStream enqueued, estimated and answered together as one batch.</summary>
    public int StreamBatchSize { get; set; } = 64;

    /// <summary>
    /// How long a SubmitStream batch waits for more items once it has one; zero takes only the items
    /// already received. A client sending one item and waiting for its receipt pays this per item.
    /// </summary>
    public TimeSpan StreamBatchDelay { get; set; } = TimeSpan.FromMilliseconds(1);
}
