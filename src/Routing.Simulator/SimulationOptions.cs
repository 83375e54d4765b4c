namespace Routing.Simulator;

/// <summary>
/// A bounded contact-centre simulation: simulated agents and gateways against one server. Stops
/// submitting at <see cref="Count"/> contacts or <see cref="Duration"/>, then drains for at most
/// <see cref="Drain"/>.
/// </summary>
public sealed record SimulationOptions
{
    public required Uri Target { get; init; }

    /// <summary>The gateways' API key and the agents' tokens.</summary>
    public SimulatorCredentials Credentials { get; init; } = SimulatorCredentials.None;

    public string RunId { get; init; } = "sim-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Random.Shared.Next(1000, 9999);

    public int Seed { get; init; } = 42;

    /// <summary>Simulated agent desks, one stream each.</summary>
    public int Agents { get; init; } = 50;

    /// <summary>Contacts per second across all channels.</summary>
    public double Rate { get; init; } = 20;

    public int Count { get; init; } = 1_000;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Share of arrivals per channel (normalised).</summary>
    public IReadOnlyDictionary<string, double> ChannelMix { get; init; } = new Dictionary<string, double>
    {
        ["chat"] = 30, ["email"] = 20, ["voice"] = 15, ["sms"] = 10, ["whatsapp"] = 10, ["social"] = 5, ["webform"] = 5, ["video"] = 3, ["letter"] = 2,
    };

    /// <summary>What each simulated agent says in its hello: contacts per channel at once.</summary>
    public IReadOnlyDictionary<string, int> AgentCapacity { get; init; } = new Dictionary<string, int>
    {
        ["voice"] = 1, ["video"] = 1, ["chat"] = 3, ["sms"] = 3, ["whatsapp"] = 3, ["social"] = 3, ["email"] = 5, ["webform"] = 5, ["letter"] = 5,
    };

    /// <summary>Each simulated agent's cap across channels.</summary>
    public int AgentTotalCapacity { get; init; } = 6;

    /// <summary>Customers the gateways draw from; 0 = every contact is a new customer.</summary>
    public int Customers { get; init; } = 500;

    /// <summary>Chance a contact comes from a customer seen before, on another channel.</summary>
    public double ReturnProbability { get; init; } = 0.3;

    /// <summary>Share of contacts from the CRM's demo customers (known on several channels, so they thread across channels).</summary>
    public double KnownCustomerShare { get; init; } = 0.05;

    /// <summary>Chance an agent accepts an offer (else it declines).</summary>
    public double AcceptProbability { get; init; } = 0.9;

    /// <summary>Mean handle time (exponentially distributed); zero completes at once.</summary>
    public TimeSpan HandleTime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Desk drops per agent per minute; a dropped desk reconnects within a few seconds.</summary>
    public double DisconnectsPerMinute { get; init; } = 0.5;

    /// <summary>
    /// Share of assigned written contacts (voice and video excepted: those are answered on the call)
    /// the agent answers with SendReply before completing. The simulation's gateways receive the
    /// replies on ChannelGateway.Deliver and acknowledge them.
    /// </summary>
    public double ReplyRatio { get; init; } = 0.3;

    /// <summary>Share of deliveries the simulated gateways acknowledge as failed (the rest delivered).</summary>
    public double DeliveryFailureRatio { get; init; } = 0.05;

    /// <summary>
    /// Share of deliveries on which a simulated gateway drops its stream instead of acknowledging (a
    /// crash): the router hands them out again after its acknowledgement timeout (Outbound:AckTimeout,
    /// 30 s by default, so give the run a drain longer than that).
    /// </summary>
    public double GatewayCrashRatio { get; init; }

    /// <summary>Where report.txt, report.json and report.html go; null writes none.</summary>
    public string? ReportDirectory { get; init; }

    /// <summary>Print a progress line every second.</summary>
    public bool Progress { get; init; } = true;

    /// <summary>Append the server's own figures (Supervisor.WatchQueues) to the progress lines, when the credentials allow a supervisor.</summary>
    public bool WatchServer { get; init; } = true;
}
