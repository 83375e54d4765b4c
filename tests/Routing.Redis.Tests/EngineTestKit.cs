using Microsoft.Extensions.Options;
using Routing.Core.Agents;
using Routing.Core.Channels;
using Routing.Core.Contacts;
using Routing.Core.Customers;
using Routing.Core.Rules;
using Routing.Testing;
using StackExchange.Redis;

namespace Routing.Redis.Tests;

/// <summary>Drives the engine scripts directly with an explicit clock, so timing rules are tested exactly.</summary>
public sealed class EngineTestKit(IConnectionMultiplexer redis, EngineSettings? settings = null)
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, ChannelDefinition> Channels = new()
    {
        ["chat"] = new("chat", AddressKind.Handle, MergeWhileWaiting: false),
        ["email"] = new("email", AddressKind.Email, MergeWhileWaiting: false),
        ["voice"] = new("voice", AddressKind.Phone, MergeWhileWaiting: false),
        ["sms"] = new("sms", AddressKind.Phone, MergeWhileWaiting: false),
    };

    private int _sequence;

    public EngineSettings Settings { get; } = settings ?? new EngineSettings
    {
        OfferTimeout = TimeSpan.FromSeconds(30),
        DeclineCooldown = TimeSpan.FromSeconds(60),
        MaxConsecutiveExpiries = 2,
        AffinityWait = TimeSpan.FromSeconds(20),
        PreferredAgentWait = TimeSpan.FromSeconds(10),
        WrapUp = TimeSpan.FromSeconds(5),
        ReconnectGrace = TimeSpan.FromSeconds(30),
        PriorityWeight = TimeSpan.FromMinutes(1),
    };

    public string Tenant { get; } = TestTenant.New();

    public RoutingKeys Keys => new(Tenant);

    public IDatabase Db => redis.GetDatabase();

    public RoutingEngineStore Engine => new(redis, Settings);

    public ContactQueueStore Store => new(redis, Options.Create(new RedisOptions()), Settings);

    public static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    public static string Session(string agent) => agent + "-s1";

    public Task<ConnectReply> ConnectAsync(
        string agent,
        double at = 0,
        string node = "n1",
        string? session = null,
        (string Queue, int Proficiency, bool Primary)[]? skills = null,
        Dictionary<string, int>? capacity = null,
        int total = 6,
        bool voiceBlocksChat = true,
        EngineAgentStatus status = EngineAgentStatus.Available)
    {
        var profile = new AgentProfile(
            agent,
            agent,
            [.. (skills ?? [("general", 3, true)]).Select(s => new AgentSkill(s.Queue, s.Proficiency, s.Primary))],
            capacity ?? new Dictionary<string, int> { ["chat"] = 3, ["email"] = 5, ["voice"] = 1, ["sms"] = 3 },
            total,
            voiceBlocksChat ? new Dictionary<string, IReadOnlyList<string>> { ["voice"] = ["chat", "sms"] } : new Dictionary<string, IReadOnlyList<string>>(),
            ["voice"],
            status.ToWord());
        return Engine.ConnectAsync(new ConnectCommand(Tenant, node, session ?? Session(agent), profile, At(at)), CancellationToken.None).WaitAsync(TestTimeout.Short);
    }

    public Task<EnqueueResult> SubmitAsync(
        string channel = "chat",
        double at = 0,
        string queue = "general",
        int priority = 10,
        string[]? skills = null,
        string? customer = null,
        string preferredAgent = "",
        string lastAgent = "",
        string node = "n1",
        EscalationStep[]? escalation = null,
        int minProficiency = 0,
        Func<EnqueueRequest, EnqueueRequest>? shape = null)
    {
        var n = Interlocked.Increment(ref _sequence);
        customer ??= $"cus-{n}";
        var now = At(at);
        var contact = new ValidContact(Channels[channel], $"x-{n}", $"from-{n}", "", $"message {n}", "", "en", new Dictionary<string, string>(), now);
        var request = new EnqueueRequest(
            Tenant,
            contact,
            new CustomerContext { CustomerId = customer, PreferredAgentId = preferredAgent, LastAgentId = lastAgent },
            new RoutingDecision("test", queue, priority, skills ?? [], TimeSpan.FromSeconds(60)) { Escalation = escalation ?? [], MinProficiency = minProficiency },
            $"cust:{customer}",
            false,
            TimeSpan.FromHours(24),
            Settings.PriorityWeight,
            now,
            node);
        if (shape is not null)
        {
            request = shape(request);
        }

        return Store.EnqueueAsync(request, CancellationToken.None).WaitAsync(TestTimeout.Short);
    }

    public Task<AcceptReply> AcceptAsync(string agent, string offerId, double at = 0, string? session = null) =>
        Engine.AcceptAsync(new AcceptCommand(Tenant, "n1", agent, session ?? Session(agent), offerId, At(at)), CancellationToken.None).WaitAsync(TestTimeout.Short);

    public Task<DeclineReply> DeclineAsync(string agent, string offerId, double at = 0) =>
        Engine.DeclineAsync(new DeclineCommand(Tenant, "n1", agent, Session(agent), offerId, "busy", At(at)), CancellationToken.None).WaitAsync(TestTimeout.Short);

    public Task<CompleteReply> CompleteAsync(string agent, string contactId, double at = 0, bool skipWrapUp = true) =>
        Engine.CompleteAsync(new CompleteCommand(Tenant, "n1", agent, Session(agent), contactId, "resolved", "", skipWrapUp, At(at)), CancellationToken.None).WaitAsync(TestTimeout.Short);

    public Task<StatusReply> StatusAsync(string agent, EngineAgentStatus status, double at = 0, string reason = "") =>
        Engine.ChangeStatusAsync(new StatusCommand(Tenant, "n1", agent, Session(agent), status, reason, At(at)), CancellationToken.None).WaitAsync(TestTimeout.Short);

    public Task<TransferReply> TransferAsync(string agent, string contactId, string? queue, string? targetAgent, double at = 0, string note = "") =>
        Engine.TransferAsync(new TransferCommand(Tenant, "n1", agent, Session(agent), contactId, queue, targetAgent, note, At(at)), CancellationToken.None).WaitAsync(TestTimeout.Short);

    public Task<DisconnectReply> DisconnectAsync(string agent, double at = 0, string node = "n1", string? session = null) =>
        Engine.DisconnectAsync(new DisconnectCommand(Tenant, node, agent, session ?? Session(agent), At(at)), CancellationToken.None).WaitAsync(TestTimeout.Short);

    public async Task<IReadOnlyList<RoutingEvent>> SweepAsync(double at, string node = "n1", TimeSpan? nodeTimeout = null) =>
        (await Engine.SweepAsync(new SweepCommand(Tenant, node, 200, nodeTimeout ?? TimeSpan.FromSeconds(15), At(at)), CancellationToken.None).WaitAsync(TestTimeout.Short)).Events;

    /// <summary>Offers and accepts the contact: the offer must have gone to <paramref name="agent"/>.</summary>
    public async Task AssignAsync(string agent, EnqueueResult contact, double at = 0)
    {
        var offer = Assert.Single(contact.Events, e => e.Kind == RoutingEventKind.Offer);
        Assert.Equal(agent, offer.AgentId);
        Assert.True((await AcceptAsync(agent, offer.OfferId, at)).Ok);
    }

    public async Task<string> StateAsync(string contactId) => (string)(await Db.HashGetAsync(Keys.Contact(contactId), "state"))!;

    public async Task<AgentState> AgentAsync(string agent) => (await Engine.GetAgentAsync(Tenant, agent))!;

    public async Task<string[]> WaitingAsync(string queue = "general") =>
        [.. (await Db.SortedSetRangeByRankAsync(Keys.Queue(queue))).Select(v => (string)v!)];

    public static RoutingEvent OfferIn(IReadOnlyList<RoutingEvent> events, string? agent = null) =>
        Assert.Single(events, e => e.Kind == RoutingEventKind.Offer && (agent is null || e.AgentId == agent));

    public static RoutingEvent OfferIn(EnqueueResult result, string? agent = null) => OfferIn(result.Events, agent);

    public static RoutingEvent OfferIn(ConnectReply result, string? agent = null) => OfferIn(result.Events, agent);

    public static RoutingEvent OfferIn(DeskReply result, string? agent = null) => OfferIn(result.Events, agent);
}
