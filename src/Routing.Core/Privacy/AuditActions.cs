namespace Routing.Core.Privacy;

/// <summary>
/// The actions the audit trail records. A new kind of action (a supervisor action, a consent
/// change) adds its word here and records an <see cref="AuditEntry"/> the same way.
/// </summary>
public static class AuditActions
{
    /// <summary>A gateway cancelled a contact (ContactIngest.Cancel).</summary>
    public const string Cancel = "cancel";

    /// <summary>An agent transferred a contact to a queue or another agent.</summary>
    public const string Transfer = "transfer";

    /// <summary>A customer's data was erased (Privacy.EraseCustomer).</summary>
    public const string Erase = "erase";

    /// <summary>A customer's data was exported (Privacy.ExportCustomer).</summary>
    public const string Export = "export";

    /// <summary>A supervisor acted on a contact or an agent.</summary>
    public const string SupervisorAction = "supervisor_action";

    /// <summary>A customer's channel consent changed.</summary>
    public const string ConsentChange = "consent_change";

    /// <summary>A customer's consent was read (Outreach.GetConsent): personal data.</summary>
    public const string ConsentRead = "consent_read";
}
