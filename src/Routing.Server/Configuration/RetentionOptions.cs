namespace Routing.Server.Configuration;

/// <summary>How long personal data and the audit trail are kept ("Retention").</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Completed and cancelled contacts, their messages and timelines expire after this; journeys forget older contacts.</summary>
    public TimeSpan Contacts { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Audit entries older than this are dropped when the next one is written.</summary>
    public TimeSpan Audit { get; set; } = TimeSpan.FromDays(365);
}
