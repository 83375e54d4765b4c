namespace Routing.Benchmarks;

/// <summary>
/// Latencies with <see cref="Depth"/> contacts waiting. Enqueue: one new contact, no agent free.
/// Match: an agent becomes available and the script offers it the best waiting contact.
/// <see cref="LoadAverage"/> is the machine's 1-minute load average when the measurement ended
/// (other processes may share the cores).
/// </summary>
public sealed record DepthMeasurement(long Depth, LatencySummary Enqueue, LatencySummary Match, double LoadAverage);
