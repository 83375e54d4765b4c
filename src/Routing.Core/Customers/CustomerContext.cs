namespace Routing.Core.Customers;

/// <summary>
/// What the CRM knows about the customer behind a contact. It travels with the contact (snapshotted
/// at arrival) so agents see the whole customer and rules can route on it.
/// </summary>
public sealed record CustomerContext
{
    /// <summary>Null when the sender is not known to the CRM.</summary>
    public string? CustomerId { get; init; }
    public string DisplayName { get; init; } = "";
    public string Tier { get; init; } = "";
    public string Language { get; init; } = "";
    public string PreferredChannel { get; init; } = "";

    /// <summary>The customer's channels in their own order, most wanted first (outbound channel choice falls back along it).</summary>
    public IReadOnlyList<string> ChannelOrder { get; init; } = [];

    /// <summary>IANA time zone of the customer (e.g. "Europe/Berlin"); empty when unknown.</summary>
    public string TimeZone { get; init; } = "";

    /// <summary>Per-channel consent: true opted in, false opted out; absent unknown.</summary>
    public IReadOnlyDictionary<string, bool> ChannelConsent { get; init; } = new Dictionary<string, bool>();
    public IReadOnlyList<CaseSummary> OpenCases { get; init; } = [];
    public string LastAgentId { get; init; } = "";
    public string PreferredAgentId { get; init; } = "";
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>True when the CRM could not be reached in time: this context holds only what the contact itself said.</summary>
    public bool Partial { get; init; }

    public bool Known => CustomerId is not null;

    /// <summary>A sender the CRM does not know: routed as a new customer.</summary>
    public static CustomerContext Unknown { get; } = new();

    /// <summary>The CRM was unreachable or too slow.</summary>
    public static CustomerContext Unavailable { get; } = new() { Partial = true };
}
