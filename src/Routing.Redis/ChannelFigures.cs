namespace Routing.Redis;

/// <summary>One channel of a queue (or, with <see cref="Channel"/> empty, the whole queue): what waits now and the windows' counters.</summary>
public sealed class ChannelFigures(string channel)
{
    public string Channel { get; } = channel;
    public long Waiting { get; set; }
    public TimeSpan OldestWait { get; set; }
    public FigureCounts Last15Minutes { get; } = new();
    public FigureCounts LastHour { get; } = new();
    public FigureCounts Today { get; } = new();

    /// <summary>Minutes since the tenant's midnight, for today's rate (WaitEstimate).</summary>
    public double MinutesToday { get; set; }

    /// <summary>What a contact arriving now would wait: it would be last in line.</summary>
    public TimeSpan? EstimatedWait => WaitEstimate.For(Waiting + 1, Last15Minutes.Assigned, LastHour.Assigned, Today.Assigned, MinutesToday);
}
