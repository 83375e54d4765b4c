namespace Routing.Simulator;

/// <summary>A bounded ingest load: stops at <see cref="Count"/> contacts or <see cref="Duration"/>, whichever comes first.</summary>
/// <param name="Echo">Call Diagnostics.Echo (gRPC only, no I/O) instead of Submit: the yardstick.</param>
/// <param name="Quiet">No progress lines.</param>
/// <param name="Credentials">The gateway's API key (null: none sent).</param>
public sealed record IngestLoadOptions(Uri Target, int Count, int Concurrency, TimeSpan Duration, bool Stream, string RunId, bool Echo = false, bool Quiet = false, SimulatorCredentials? Credentials = null);
