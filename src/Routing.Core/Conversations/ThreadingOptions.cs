namespace Routing.Core.Conversations;

/// <summary>How contacts are threaded into conversations.</summary>
public sealed class ThreadingOptions
{
    /// <summary>A contact joins the customer's conversation if it was active within this window.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Merge a second message on a channel into the customer's contact still waiting on it.</summary>
    public bool MergeWaitingContacts { get; set; } = true;
}
