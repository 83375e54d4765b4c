using Routing.Core.Agents;
using Routing.Core.Channels;
using Routing.Core.Contacts;
using Routing.Core.Customers;
using Routing.Core.Rules;
using Routing.Redis;

namespace Routing.Benchmarks;

/// <summary>
/// What the benchmark puts in the queue: chat contacts as ingest would enqueue them, each from its
/// own known customer (so each one opens its own conversation, thread and journey: the most keys
/// a waiting contact can have), and the one agent that takes them.
/// </summary>
public sealed class BenchmarkContacts(string tenant, EngineSettings settings)
{
    public const string Queue = "general";
    public const string Node = "bench";
    public const string AgentId = "bench-agent";
    public const string Session = "bench-agent-s1";

    private static readonly ChannelDefinition Chat = new("chat", AddressKind.Handle, MergeWhileWaiting: true);
    private static readonly RoutingDecision Decision = new("default", Queue, 10, [], TimeSpan.FromMinutes(2));
    private static readonly Dictionary<string, string> Attributes = new() { ["source"] = "web", ["page"] = "/orders" };
    private static readonly Dictionary<string, bool> Consent = new() { ["chat"] = true, ["email"] = true, ["sms"] = false };

    /// <summary>Contact number <paramref name="n"/> of the run, received now.</summary>
    public EnqueueRequest Contact(long n)
    {
        var now = DateTimeOffset.UtcNow;
        var customer = new CustomerContext
        {
            CustomerId = $"cus-b{n}",
            DisplayName = $"Customer {n}",
            Tier = "standard",
            Language = "en",
            PreferredChannel = "chat",
            ChannelConsent = Consent,
        };
        var contact = new ValidContact(
            Chat,
            $"bench-{n}",
            $"visitor-{n}",
            $"Order {n}",
            $"Hello, my order {n} has not arrived yet. Can you tell me when it will be delivered?",
            "",
            "en",
            Attributes,
            now);
        return new EnqueueRequest(tenant, contact, customer, Decision, $"cust:{customer.CustomerId}", MergeAllowed: true,
            TimeSpan.FromHours(24), settings.PriorityWeight, now, Node);
    }

    /// <summary>The agent that pulls work: the queue as primary skill, one chat at a time, connected away.</summary>
    public static AgentProfile Agent() => new(
        AgentId,
        "Bench Agent",
        [new AgentSkill(Queue, 3, Primary: true)],
        new Dictionary<string, int> { ["chat"] = 1 },
        1,
        new Dictionary<string, IReadOnlyList<string>>(),
        [],
        AgentStatuses.Away);
}
