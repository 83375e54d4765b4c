namespace Routing.Crm;

/// <summary>
/// Demo customers for trying the router without a CRM. Addresses are stored normalised, as the
/// router looks them up. Alice (cus-1001) and Bruno (cus-1002) are relied on by end-to-end tests:
/// change them only together with those tests.
/// </summary>
internal static class DemoData
{
    public static readonly Customer[] Customers =
    [
        new("cus-1001", "Alice Martin", "gold", "en", "chat", """{"segment":"residential","account":"ACC-1001","city":"London"}""", "chat,email,sms", "Europe/London"),
        new("cus-1002", "Bruno Leroy", "platinum", "fr-CA", "voice", """{"segment":"business","account":"ACC-1002","vip":true}""", "voice,email", "America/Toronto"),
        new("cus-1003", "Chen Wei", "silver", "zh-CN", "whatsapp", """{"segment":"residential","account":"ACC-1003"}""", "whatsapp,sms", "Europe/London"),
        new("cus-1004", "Dana Okafor", "standard", "en-US", "email", """{"segment":"residential","account":"ACC-1004"}""", "email", "America/New_York"),
        new("cus-1005", "Emil Novak", "gold", "de-DE", "email", """{"segment":"business","account":"ACC-1005"}""", "email,voice", "Europe/Berlin"),
        new("cus-1006", "Fatima Zahra", "platinum", "ar", "social", """{"segment":"residential","account":"ACC-1006"}""", "social,whatsapp", "Asia/Dubai"),
    ];

    public static readonly ContactPoint[] ContactPoints =
    [
        new("cus-1001", "email", "alice.martin@example.com"),
        new("cus-1001", "voice", "+447700900101"),
        new("cus-1001", "sms", "+447700900101"),
        new("cus-1001", "whatsapp", "+447700900101"),
        new("cus-1001", "chat", "alice.m"),
        new("cus-1002", "email", "bruno.leroy@example.fr"),
        new("cus-1002", "voice", "+33612345678"),
        new("cus-1002", "sms", "+33612345678"),
        new("cus-1002", "whatsapp", "+33612345678"),
        new("cus-1003", "voice", "+447700900103"),
        new("cus-1003", "sms", "+447700900103"),
        new("cus-1003", "whatsapp", "+447700900103"),
        new("cus-1003", "email", "chen.wei@example.com"),
        new("cus-1003", "social", "chenwei88"),
        new("cus-1004", "email", "dana.okafor@example.com"),
        new("cus-1004", "voice", "+12025550104"),
        new("cus-1004", "sms", "+12025550104"),
        new("cus-1004", "chat", "dana.o"),
        new("cus-1004", "video", "dana.okafor"),
        new("cus-1005", "email", "emil.novak@example.de"),
        new("cus-1005", "voice", "+4930123456"),
        new("cus-1005", "letter", "ref-1005"),
        // A webform gateway sends the e-mail address the customer typed into the form.
        new("cus-1005", "webform", "emil.novak@example.de"),
        new("cus-1006", "email", "fatima.zahra@example.ae"),
        new("cus-1006", "whatsapp", "+971501234567"),
        new("cus-1006", "social", "fatima.z"),
    ];

    public static readonly Consent[] Consents =
    [
        new("cus-1001", "email", true, At("2025-01-10T09:00:00Z")),
        new("cus-1001", "chat", true, At("2025-01-10T09:00:00Z")),
        new("cus-1001", "sms", true, At("2025-01-10T09:00:00Z")),
        new("cus-1001", "whatsapp", false, At("2025-02-14T16:30:00Z")),
        new("cus-1002", "voice", true, At("2025-01-12T11:00:00Z")),
        new("cus-1002", "email", true, At("2025-01-12T11:00:00Z")),
        new("cus-1002", "sms", false, At("2025-01-12T11:00:00Z")),
        new("cus-1002", "whatsapp", true, At("2025-01-12T11:00:00Z")),
        new("cus-1003", "whatsapp", true, At("2025-01-20T08:00:00Z")),
        new("cus-1003", "sms", true, At("2025-01-20T08:00:00Z")),
        new("cus-1003", "email", false, At("2025-01-20T08:00:00Z")),
        new("cus-1004", "email", true, At("2025-02-01T10:00:00Z")),
        new("cus-1004", "sms", false, At("2025-02-01T10:00:00Z")),
        new("cus-1005", "email", true, At("2025-02-03T10:00:00Z")),
        new("cus-1006", "social", true, At("2025-02-05T10:00:00Z")),
        new("cus-1006", "whatsapp", true, At("2025-02-05T10:00:00Z")),
    ];

    public static readonly Case[] Cases =
    [
        new("case-5001", "cus-1001", "Router not shipped", "open", At("2025-03-01T10:15:00Z")),
        new("case-5002", "cus-1002", "Invoice dispute", "pending", At("2025-02-20T14:00:00Z")),
        new("case-5003", "cus-1002", "Password reset", "closed", At("2024-11-02T09:30:00Z")),
        new("case-5004", "cus-1004", "Refund request", "open", At("2025-03-03T12:00:00Z")),
    ];

    // Alice's "last" history has two agents so the lookup must pick the latest one (agent-bob).
    public static readonly AgentRelationship[] AgentRelationships =
    [
        new("cus-1001", "preferred", "agent-ada", At("2025-01-15T09:00:00Z")),
        new("cus-1001", "last", "agent-carl", At("2025-02-01T13:00:00Z")),
        new("cus-1001", "last", "agent-bob", At("2025-03-02T15:45:00Z")),
        new("cus-1002", "last", "agent-dee", At("2025-02-21T10:00:00Z")),
        new("cus-1006", "preferred", "agent-ada", At("2025-02-06T10:00:00Z")),
    ];

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    internal sealed record Customer(string CustomerId, string DisplayName, string Tier, string Language, string PreferredChannel, string Attributes, string ChannelOrder, string TimeZone);

    internal sealed record ContactPoint(string CustomerId, string Channel, string Address);

    internal sealed record Consent(string CustomerId, string Channel, bool OptedIn, DateTimeOffset UpdatedAt);

    internal sealed record Case(string CaseId, string CustomerId, string Subject, string Status, DateTimeOffset OpenedAt);

    internal sealed record AgentRelationship(string CustomerId, string Kind, string AgentId, DateTimeOffset UpdatedAt);
}
