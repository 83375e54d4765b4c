namespace Routing.Simulator;

/// <summary>A bounded ingest load: stops at <see cref="Count"/> contacts or <see cref="Duration"/>, whichever comes first.</summary>
public sealed record IngestLoadOptions(Uri Target, int Count, int Concurrency, TimeSpan Duration, bool Stream, string RunId);
