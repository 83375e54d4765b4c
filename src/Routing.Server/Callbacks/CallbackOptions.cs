namespace Routing.Server.Callbacks;

/// <summary>Callbacks customers ask for ("Callbacks" section, ContactIngest.RequestCallback), read at use time.</summary>
public sealed class CallbackOptions
{
    public const string SectionName = "Callbacks";

    /// <summary>How far ahead a callback's window may reach; further is INVALID_ARGUMENT.</summary>
    public TimeSpan MaxAhead { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long the window of a request without an end lasts from its due time (when it counts as missed).</summary>
    public TimeSpan DefaultWindow { get; set; } = TimeSpan.FromHours(2);
}
