using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Routing.Core.Agents;
using Routing.Core.Channels;
using Routing.Core.Contacts;
using Routing.Core.Rules;
using Routing.Core.Telemetry;
using Routing.Protos.V1;
using Routing.Server.Configuration;
using Routing.Server.Desk;
using Routing.Server.Desk.Commands;

namespace Routing.Server.UnitTests;

/// <summary>The desk's handlers wired to a <see cref="StubDeskEngine"/>, a clock that stands still and one welcomed session of agent "ada".</summary>
public sealed class DeskTestContext : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private readonly MeterFactory _meters = new();

    public DeskTestContext()
    {
        Time = new FixedTimeProvider(Now);
        Metrics = new RoutingMetrics(_meters);
        Session = new AgentSession("t1", "ada", "ses-1", Time);
        Session.Send(new ConnectResponse { Welcome = new Welcome { SessionId = "ses-1" } });
        Session.Outbox.TryRead(out _);
        var catalog = new ChannelCatalog([new ChannelDefinition("chat", AddressKind.Handle, true), new ChannelDefinition("voice", AddressKind.Phone, false)]);
        var profiles = new AgentProfileBuilder(
            catalog,
            new Dictionary<string, ChannelDeskDefaults> { ["chat"] = new(3, [], false), ["voice"] = new(1, ["chat"], true) },
            defaultTotalCapacity: 6);
        var rules = new RulesOptions();
        var configuration = RoutingConfigurationHolder.Fixed(new RoutingConfiguration
        {
            Version = 0,
            Hash = "",
            AppliedAt = Now,
            Rules = rules,
            RuleEngine = new RuleEngine(rules.Rules, rules.Default),
            Channels = new ChannelsOptions(),
            Catalog = catalog,
            Validator = new ContactValidator(catalog, new IngestLimits(), Time),
            Profiles = profiles,
            QueueStrategies = new Dictionary<string, string>(),
            Limits = new LimitsOptions(),
            IngestLimits = new IngestLimits(),
        });
        Hello = new HelloHandler(Engine, configuration, Time, Options.Create(new EngineOptions()), Options.Create(new RoutingOptions { Node = "n1" }));
        Commands = new DeskCommands(
            new HeartbeatHandler(Time),
            new StatusHandler(Engine, Time, new Routing.Server.AgentStates.AgentReasonCodes(new StaticOptionsMonitor<Routing.Server.AgentStates.AgentsOptions>(new()))),
            new AcceptHandler(Engine, Metrics, Time),
            new DeclineHandler(Engine, Metrics, Time),
            new CompleteHandler(Engine, Metrics, Time),
            new TransferHandler(Engine, Metrics, Time, configuration),
            // SendReply needs Redis (the outbox); it is tested end to end in OutboundDeliveryTests.
            new Routing.Server.Desk.Commands.SendReplyHandler(null!, Metrics),
            Engine,
            Metrics,
            NullLogger<DeskCommands>.Instance);
    }

    public StubDeskEngine Engine { get; } = new();

    public FixedTimeProvider Time { get; }

    public RoutingMetrics Metrics { get; }

    public AgentSession Session { get; }

    public HelloHandler Hello { get; }

    public DeskCommands Commands { get; }

    /// <summary>Everything sent to the desk so far, in order.</summary>
    public List<ConnectResponse> Sent()
    {
        var sent = new List<ConnectResponse>();
        while (Session.Outbox.TryRead(out var message))
        {
            sent.Add(message);
        }

        return sent;
    }

    /// <summary>The desk was sent this offer (and read it).</summary>
    public void Offered(Offer offer)
    {
        Assert.True(Session.SendOffer(offer));
        Assert.Equal(offer.OfferId, Assert.Single(Sent()).Offer.OfferId);
    }

    public async Task<ConnectResponse> AnswerAsync(ConnectRequest request)
    {
        await Commands.HandleAsync(Session, request, CancellationToken.None);
        return Assert.Single(Sent());
    }

    public void Dispose() => _meters.Dispose();

    private sealed class MeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}
