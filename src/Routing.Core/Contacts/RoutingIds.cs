namespace Routing.Core.Contacts;

/// <summary>Router-assigned ids: time-ordered (UUID v7), so ties in a queue break by arrival.</summary>
public static class RoutingIds
{
    public static string NewContactId() => "ct-" + Guid.CreateVersion7().ToString("N");

    public static string NewConversationId() => "cv-" + Guid.CreateVersion7().ToString("N");

    public static string NewAuditId() => "au-" + Guid.CreateVersion7().ToString("N");
}
