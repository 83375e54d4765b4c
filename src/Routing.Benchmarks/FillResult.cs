namespace Routing.Benchmarks;

/// <summary>How a queue was filled: contacts added, how long it took and how many were in flight.</summary>
public sealed record FillResult(long Contacts, double Seconds, int Concurrency)
{
    public double PerSecond => Seconds > 0 ? Contacts / Seconds : 0;
}
