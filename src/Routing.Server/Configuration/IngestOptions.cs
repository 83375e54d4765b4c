using Routing.Core.Contacts;

namespace Routing.Server.Configuration;

/// <summary>Limits on what gateways send.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    public IngestLimits Limits { get; set; } = new();

    /// <summary>Largest gRPC message the server accepts; larger ones get RESOURCE_EXHAUSTED.</summary>
    public int MaxMessageBytes { get; set; } = 256 * 1024;

    /// <summary>How many contacts of one SubmitStream are processed at once.</summary>
    public int StreamConcurrency { get; set; } = 64;
}
