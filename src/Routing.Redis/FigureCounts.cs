namespace Routing.Redis;

/// <summary>
/// A queue's (or one of its channels') counters over one window, summed from the figure buckets the
/// engine scripts keep (Scripts/includes/figures.lua). Mutable while a read sums buckets into it.
/// </summary>
public sealed class FigureCounts
{
    public long Queued { get; set; }
    public long Offered { get; set; }
    public long Assigned { get; set; }
    public long Handled { get; set; }
    public long Abandoned { get; set; }
    public long AnsweredWithinTarget { get; set; }
    public long WaitMs { get; set; }
    public long HandleMs { get; set; }

    /// <summary>Answered within the rule's target ÷ (answered + abandoned), 0-100; 100 when there were neither.</summary>
    public double ServiceLevelPercent => Assigned + Abandoned == 0 ? 100 : Math.Round(100.0 * AnsweredWithinTarget / (Assigned + Abandoned), 2);

    public TimeSpan AverageWait => Assigned == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(WaitMs / (double)Assigned);

    public TimeSpan AverageHandle => Handled == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(HandleMs / (double)Handled);

    /// <summary>Adds one bucket's value of a figure (the words of figures.lua).</summary>
    public void Add(string figure, long value)
    {
        switch (figure)
        {
            case "in": Queued += value; break;
            case "off": Offered += value; break;
            case "asg": Assigned += value; break;
            case "hnd": Handled += value; break;
            case "ab": Abandoned += value; break;
            case "sl": AnsweredWithinTarget += value; break;
            case "wt": WaitMs += value; break;
            case "ht": HandleMs += value; break;
        }
    }

    public void Add(FigureCounts other)
    {
        Queued += other.Queued;
        Offered += other.Offered;
        Assigned += other.Assigned;
        Handled += other.Handled;
        Abandoned += other.Abandoned;
        AnsweredWithinTarget += other.AnsweredWithinTarget;
        WaitMs += other.WaitMs;
        HandleMs += other.HandleMs;
    }
}
