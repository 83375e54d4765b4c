namespace Routing.Server.Security;

/// <summary>The roles a credential can carry. A gateway's API key carries <see cref="Gateway"/>; JWTs carry the others.</summary>
public static class RoutingRoles
{
    /// <summary>A channel gateway: ContactIngest on the channels its key is scoped to.</summary>
    public const string Gateway = "gateway";

    /// <summary>An agent desk: AgentDesk.Connect as the agent the token names (its subject).</summary>
    public const string Agent = "agent";

    /// <summary>Supervisor service, Cancel, transfer to any queue, supervisor actions.</summary>
    public const string Supervisor = "supervisor";

    /// <summary>Privacy and configuration RPCs.</summary>
    public const string Admin = "admin";

    /// <summary>Systems sending outreach to customers (Outreach.Send); admins may too.</summary>
    public const string Outreach = "outreach";

    public static readonly IReadOnlyList<string> All = [Gateway, Agent, Supervisor, Admin, Outreach];
}

/// <summary>Claim types of a routing credential (JWT claim names; an API key is mapped to the same claims).</summary>
public static class RoutingClaims
{
    /// <summary>The tenant the credential belongs to; every call is scoped to it.</summary>
    public const string Tenant = "tenant";

    /// <summary>Who: the agent id for an agent, the user for a supervisor or admin, the key id for a gateway.</summary>
    public const string Subject = "sub";

    /// <summary>One claim per role (<see cref="RoutingRoles"/>).</summary>
    public const string Role = "role";

    /// <summary>One claim per channel a gateway key may submit on.</summary>
    public const string Channel = "channel";

    /// <summary>The channel claim of a gateway key valid on every channel (development mode's key).</summary>
    public const string AllChannels = "*";
}
