namespace Routing.Server.Security;

/// <summary>
/// Who is calling, as the credential says: the tenant every read and write is scoped to, the
/// subject (agent id, user or gateway key id), the roles and, for a gateway, its channels.
/// </summary>
public sealed record Caller(string Tenant, string Subject, IReadOnlySet<string> Roles, IReadOnlySet<string> Channels)
{
    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>A gateway may submit on a channel only when its key is scoped to it.</summary>
    public bool MaySubmitOn(string channel) => Channels.Contains(channel) || Channels.Contains(RoutingClaims.AllChannels);

    /// <summary>For audit entries and logs: "tenant/subject" (no personal data: subjects are ids).</summary>
    public override string ToString() => $"{Tenant}/{Subject}";
}
