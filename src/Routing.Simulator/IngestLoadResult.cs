namespace Routing.Simulator;

public sealed record IngestLoadResult(int Accepted, int Errors, TimeSpan Elapsed, double P50Ms, double P99Ms, double P999Ms)
{
    public double PerSecond => Accepted / Elapsed.TotalSeconds;
}
