extern alias server;

using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Testing;
using WallboardServer = server::Routing.Server.Wallboard.WallboardServer;

namespace Routing.Server.Tests;

/// <summary>
/// Agent states with reason codes and the supervisor actions (Supervisor.MoveContact,
/// SetContactPriority, ForceAgentStatus, UpdateAgentProfile) end to end: real Kestrel, real
/// redis-server, generated clients, desks driven through AgentDesk; on one node and on two.
/// </summary>
public sealed class SupervisorActionTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private const string Supervisor = "test-supervisor";

    private static Dictionary<string, string?> Settings() => DeskTestKit.FastEngine(
        ("RoutingRules:Rules:0:Name", "billing"),
        ("RoutingRules:Rules:0:When:Intents:0", "billing"),
        ("RoutingRules:Rules:0:Queue", "billing"),
        ("RoutingRules:Rules:0:Priority", "30"));

    private static Protos.V1.Supervisor.SupervisorClient SupervisorOf(RoutingServerHost host) => new(host.Channel);

    [Fact]
    public async Task ChangeStatus_ConfiguredReasonsWithNote_AreOnTheBoardByReason_AndAnUnknownCodeIsRefusedListingTheAllowedOnes()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings());
        await using var watcher = QueueWatcher.Start(host.Channel, new WatchQueuesRequest { IncludeAgents = true });
        await using var cy = await DeskClient.ConnectAsync(host, "cy");
        await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await cy.NextOfferAsync();
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        await using var bob = await DeskClient.ConnectAsync(host, "bob");

        var refused = await ada.RequestAsync(new ConnectRequest { Status = new ChangeStatus { Status = AgentStatus.Away, Reason = "coffee with Alice" } });
        Assert.Equal(("unknown_reason_code", (int)StatusCode.InvalidArgument, "status.reason"), (refused.Error.Code, refused.Error.StatusCode, refused.Error.Field));
        Assert.Contains("break, coaching, lunch, meeting, other, training", refused.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Alice", refused.Error.Message, StringComparison.Ordinal);
        Assert.Equal("available", (string?)await redis.Connection.GetDatabase().HashGetAsync(host.Keys.Agent("ada"), "status"));

        var lunch = await ada.RequestAsync(new ConnectRequest { Status = new ChangeStatus { Status = AgentStatus.Away, Reason = "lunch", Note = "back at two" } });
        Assert.Equal((AgentStatus.Away, "lunch"), (lunch.StatusChanged.Status, lunch.StatusChanged.Reason));
        Assert.NotNull((await bob.StatusAsync(AgentStatus.Away, "after_call_work")).StatusChanged);

        var (stats, _) = await watcher.QueueAsync("general", q => q.AgentsAwayByReason.GetValueOrDefault("lunch") == 1 && q.AgentsWrapUp == 1);
        Assert.Equal(1, stats.AgentsAway);
        Assert.False(stats.AgentsAwayByReason.ContainsKey("after_call_work"), "after-call work counts as wrap-up, not away");
        var state = await watcher.AgentAsync("ada", a => a.ReasonCode == "lunch");
        Assert.Equal((AgentStatus.Away, "Lunch", "back at two", ""), (state.Status, state.ReasonLabel, state.ReasonNote, state.StatusChangedBy));
        Assert.True(state.Since.ToDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1), "time in state counts from the change");
    }

    [Fact]
    public async Task Wallboard_Events_CarryTheReasonCodesAndAwayByReason()
    {
        var settings = Settings();
        settings["Wallboard:Url"] = "http://127.0.0.1:0";
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, settings);
        await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await using var ada = await DeskClient.ConnectAsync(host, "ada", null, AgentStatus.Away);
        Assert.NotNull((await ada.StatusAsync(AgentStatus.Away, "training")).StatusChanged);
        var page = host.Services.GetRequiredService<WallboardServer>().Address!;
        using var http = new HttpClient { Timeout = TestTimeout.Short };

        using var stream = await http.GetAsync(new Uri(page, "/wallboard/events?access_token=" + host.Credentials.Token("sup", "supervisor")), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync().WaitAsync(TestTimeout.Short));
        QueueBoard? snapshot = null;
        while (snapshot is null && await reader.ReadLineAsync().WaitAsync(TestTimeout.Short) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                snapshot = WatchQueuesResponse.Parser.WithDiscardUnknownFields(true).ParseJson(line["data: ".Length..]).Snapshot;
                Assert.Contains("\"agentsAwayByReason\"", line, StringComparison.Ordinal);
            }
        }

        Assert.NotNull(snapshot);
        Assert.Equal(1, snapshot.Queues.Single(q => q.Queue == "general").AgentsAwayByReason["training"]);
        var ada2 = snapshot.Agents.Single(a => a.AgentId == "ada");
        Assert.Equal(("training", "Training"), (ada2.ReasonCode, ada2.ReasonLabel));
    }

    [Fact]
    public async Task ChangeStatus_ConfiguredList_ReplacesTheBuiltInOne()
    {
        var settings = Settings();
        settings["Agents:ReasonCodes:outbound:Label"] = "Outbound calls";
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, settings);
        await using var ada = await DeskClient.ConnectAsync(host, "ada");

        Assert.Equal("outbound", (await ada.StatusAsync(AgentStatus.Away, "outbound")).StatusChanged.Reason);
        var refused = await ada.StatusAsync(AgentStatus.Away, "lunch");
        Assert.Equal("unknown_reason_code", refused.Error.Code);
        Assert.Contains("allowed: outbound", refused.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoveContact_ToAnotherQueue_IsOfferedThere_OnTheTimelineAndAudited()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings());
        await using var bea = await DeskClient.ConnectAsync(host, "bea", null, AgentStatus.Available, ("billing", 4, true));
        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        Assert.Equal("general", receipt.Queue);

        var moved = await SupervisorOf(host).MoveContactAsync(new MoveContactRequest { ContactId = receipt.ContactId, Queue = "billing", Note = "invoice question" });

        Assert.Equal(("billing", "bea", true), (moved.Queue, moved.AgentId, moved.Offered));
        var offer = await bea.NextOfferAsync();
        Assert.Equal((receipt.ContactId, "billing"), (offer.Contact.ContactId, offer.Contact.Queue));
        var timeline = await SupervisorOf(host).GetContactTimelineAsync(new GetContactTimelineRequest { ContactId = receipt.ContactId });
        var entry = Assert.Single(timeline.Events, e => e.Kind == TimelineEventKind.MovedBySupervisor);
        Assert.Equal(("billing", "moved", $"from general to billing by supervisor {Supervisor}: invoice question"), (entry.Queue, entry.Name, entry.Detail));
        Assert.True(timeline.Events.IndexOf(entry) < timeline.Events.ToList().FindIndex(e => e.Kind == TimelineEventKind.Offered && e.AgentId == "bea"));
        var audit = Assert.Single(await AuditAsync(host), a => a.Action == "move_contact");
        Assert.Equal((Supervisor, receipt.ContactId, "to queue billing"), (audit.Actor, audit.Target, audit.Detail));
    }

    [Fact]
    public async Task MoveContact_ToAnAgentWithoutRoom_WaitsForThatAgent_AndIsOfferedWhenItHasRoom()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings());
        await using var ada = await DeskClient.ConnectAsync(host, "ada", null, AgentStatus.Away);
        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));

        var moved = await SupervisorOf(host).MoveContactAsync(new MoveContactRequest { ContactId = receipt.ContactId, AgentId = "ada" });

        Assert.Equal(("general", "ada", false), (moved.Queue, moved.AgentId, moved.Offered));
        Assert.Equal("ada", (string?)await redis.Connection.GetDatabase().HashGetAsync(host.Keys.Contact(receipt.ContactId), "aff"));
        Assert.NotNull((await ada.StatusAsync(AgentStatus.Available)).StatusChanged);
        var offer = await ada.NextOfferAsync();
        Assert.Equal((receipt.ContactId, OfferReason.Transfer), (offer.Contact.ContactId, offer.Reason));
        var timeline = await SupervisorOf(host).GetContactTimelineAsync(new GetContactTimelineRequest { ContactId = receipt.ContactId });
        Assert.Contains(timeline.Events, e => e.Kind == TimelineEventKind.MovedBySupervisor && e.AgentId == "ada");
        Assert.Contains(await AuditAsync(host), a => a.Action == "move_contact" && a.Target == receipt.ContactId && a.Detail == "to agent ada");
    }

    [Fact]
    public async Task SetContactPriority_PutsTheContactAheadOfAnOlderOne_OnTheTimelineAndAudited()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings());
        var first = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        var second = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));

        var changed = await SupervisorOf(host).SetContactPriorityAsync(new SetContactPriorityRequest { ContactId = second.ContactId, Priority = 90 });

        Assert.Equal((10, 90), (changed.PreviousPriority, changed.Priority));
        await using var ada = await DeskClient.ConnectAsync(host, "ada", h => h.Capacity.Add(new ChannelCapacity { Channel = "chat", MaxConcurrent = 1 }));
        Assert.Equal(second.ContactId, (await ada.NextOfferAsync()).Contact.ContactId);
        Assert.Equal("queued", (string?)await redis.Connection.GetDatabase().HashGetAsync(host.Keys.Contact(first.ContactId), "state"));
        var timeline = await SupervisorOf(host).GetContactTimelineAsync(new GetContactTimelineRequest { ContactId = second.ContactId });
        Assert.Contains(timeline.Events, e => e.Kind == TimelineEventKind.PriorityChanged && e.Detail == $"from 10 to 90 by supervisor {Supervisor}");
        Assert.Contains(await AuditAsync(host), a => a.Action == "contact_priority" && a.Target == second.ContactId && a.Detail == "from 10 to 90");
    }

    [Fact]
    public async Task Actions_BadInput_AreRefusedWithClearStatuses_AndChangeNothing()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings());
        var supervisor = SupervisorOf(host);
        await using var ada = await DeskClient.ConnectAsync(host, "ada", h => h.Capacity.Add(new ChannelCapacity { Channel = "chat", MaxConcurrent = 1 }));
        var held = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await ada.TakeNextAsync();
        var waiting = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        var before = await redis.Connection.GetDatabase().ListLengthAsync(host.Keys.Timeline(waiting.ContactId));

        await Refused(StatusCode.NotFound, "contact_not_found", supervisor.MoveContactAsync(new MoveContactRequest { ContactId = "ct-nobody", Queue = "billing" }).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "contact_not_waiting", supervisor.MoveContactAsync(new MoveContactRequest { ContactId = held.ContactId, Queue = "billing" }).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "contact_not_waiting", supervisor.SetContactPriorityAsync(new SetContactPriorityRequest { ContactId = held.ContactId, Priority = 50 }).ResponseAsync);
        await Refused(StatusCode.NotFound, "queue_not_found", supervisor.MoveContactAsync(new MoveContactRequest { ContactId = waiting.ContactId, Queue = "nowhere" }).ResponseAsync);
        await Refused(StatusCode.NotFound, "agent_not_found", supervisor.MoveContactAsync(new MoveContactRequest { ContactId = waiting.ContactId, AgentId = "zed" }).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "invalid_argument", supervisor.MoveContactAsync(new MoveContactRequest { ContactId = waiting.ContactId }).ResponseAsync, "target");
        await Refused(StatusCode.InvalidArgument, "invalid_argument", supervisor.SetContactPriorityAsync(new SetContactPriorityRequest { ContactId = waiting.ContactId, Priority = 5000 }).ResponseAsync, "priority");
        await Refused(StatusCode.InvalidArgument, "invalid_argument", supervisor.ForceAgentStatusAsync(new ForceAgentStatusRequest { AgentId = "ada", Status = AgentStatus.Away }).ResponseAsync, "reason");
        await Refused(StatusCode.InvalidArgument, "unknown_reason_code", supervisor.ForceAgentStatusAsync(new ForceAgentStatusRequest { AgentId = "ada", Status = AgentStatus.Away, Reason = "nap" }).ResponseAsync, "reason");
        await Refused(StatusCode.InvalidArgument, "invalid_argument", supervisor.ForceAgentStatusAsync(new ForceAgentStatusRequest { AgentId = "ada", Status = AgentStatus.Available }).ResponseAsync, "status");
        await Refused(StatusCode.NotFound, "agent_not_found", supervisor.ForceAgentStatusAsync(new ForceAgentStatusRequest { AgentId = "zed", Status = AgentStatus.Offline }).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "invalid_argument", supervisor.UpdateAgentProfileAsync(new UpdateAgentProfileRequest
        {
            AgentId = "ada",
            Skills = { new SkillProficiency { Queue = "general", Proficiency = 9 } },
        }).ResponseAsync, "skills.proficiency");

        Assert.Equal(before, await redis.Connection.GetDatabase().ListLengthAsync(host.Keys.Timeline(waiting.ContactId)));
        Assert.Equal("general", (string?)await redis.Connection.GetDatabase().HashGetAsync(host.Keys.Contact(waiting.ContactId), "queue"));
        Assert.Equal("available", (string?)await redis.Connection.GetDatabase().HashGetAsync(host.Keys.Agent("ada"), "status"));
        Assert.Empty(await AuditAsync(host));
    }

    [Fact]
    public async Task Actions_WithAnAgentsToken_ArePermissionDenied()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings());
        await using var ada = await DeskClient.ConnectAsync(host, "ada", null, AgentStatus.Away);
        var waiting = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        var supervisor = SupervisorOf(host);
        var asAgent = host.Credentials.AgentHeaders("ada");

        await Refused(StatusCode.PermissionDenied, null, supervisor.MoveContactAsync(new MoveContactRequest { ContactId = waiting.ContactId, Queue = "billing" }, asAgent).ResponseAsync);
        await Refused(StatusCode.PermissionDenied, null, supervisor.SetContactPriorityAsync(new SetContactPriorityRequest { ContactId = waiting.ContactId, Priority = 90 }, asAgent).ResponseAsync);
        await Refused(StatusCode.PermissionDenied, null, supervisor.ForceAgentStatusAsync(new ForceAgentStatusRequest { AgentId = "ada", Status = AgentStatus.Offline }, asAgent).ResponseAsync);
        await Refused(StatusCode.PermissionDenied, null, supervisor.UpdateAgentProfileAsync(new UpdateAgentProfileRequest { AgentId = "ada", Skills = { new SkillProficiency { Queue = "billing", Proficiency = 5 } } }, asAgent).ResponseAsync);

        Assert.Equal(("general", "10"), ((string?)await redis.Connection.GetDatabase().HashGetAsync(host.Keys.Contact(waiting.ContactId), "queue"), (string?)await redis.Connection.GetDatabase().HashGetAsync(host.Keys.Contact(waiting.ContactId), "prio")));
        Assert.True((await redis.Connection.GetDatabase().HashGetAsync(host.Keys.Agent("ada"), "conn")) == "1");
        Assert.Empty(await AuditAsync(host));
    }

    [Fact]
    public async Task ForceAgentStatus_Logout_ReturnsTheOfferToAnotherAgentAtOnce_KeepsTheAssignmentForTheGrace_AndEndsTheDesk()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings());
        await using var ada = await DeskClient.ConnectAsync(host, "ada", h => h.Capacity.Add(new ChannelCapacity { Channel = "chat", MaxConcurrent = 2 }));
        await using var bob = await DeskClient.ConnectAsync(host, "bob", h => h.Capacity.Add(new ChannelCapacity { Channel = "chat", MaxConcurrent = 1 }), AgentStatus.Away);
        var assigned = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        Assert.Equal(assigned.ContactId, (await ada.TakeNextAsync()).Contact.ContactId);
        var offered = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        Assert.Equal(offered.ContactId, (await ada.NextOfferAsync()).Contact.ContactId);
        Assert.NotNull((await bob.StatusAsync(AgentStatus.Available)).StatusChanged);

        var forced = await SupervisorOf(host).ForceAgentStatusAsync(new ForceAgentStatusRequest { AgentId = "ada", Status = AgentStatus.Offline, Reason = "other", Note = "shift over" });

        Assert.Equal(1, forced.OffersReturned);
        Assert.Equal(offered.ContactId, (await bob.NextOfferAsync()).Contact.ContactId);
        var told = await ada.NextAsync(m => m.StatusChanged is not null);
        Assert.Equal((AgentStatus.Offline, "other", Supervisor), (told.StatusChanged.Status, told.StatusChanged.Reason, told.StatusChanged.ChangedBy));
        await ada.WaitEndedAsync();
        var db = redis.Connection.GetDatabase();
        Assert.Equal(("assigned", "ada"), ((string?)await db.HashGetAsync(host.Keys.Contact(assigned.ContactId), "state"), (string?)await db.HashGetAsync(host.Keys.Contact(assigned.ContactId), "agent")));
        Assert.NotNull(await db.SortedSetScoreAsync(host.Keys.ReconnectGraces, "ada"));
        var engine = host.Services.GetRequiredService<RoutingEngineStore>();
        var bobState = (await engine.GetAgentAsync(host.Tenant, "bob"))!;
        Assert.True(bobState.TotalLoad <= bobState.TotalCapacity && bobState.Load.GetValueOrDefault("chat") <= bobState.Capacity["chat"], "bob is not over capacity");
        Assert.False((await engine.GetAgentAsync(host.Tenant, "ada"))!.Connected);
        var timeline = await SupervisorOf(host).GetContactTimelineAsync(new GetContactTimelineRequest { ContactId = offered.ContactId });
        Assert.Contains(timeline.Events, e => e.Kind == TimelineEventKind.OfferReturned && e.AgentId == "ada" && e.Detail == $"agent logged out by supervisor {Supervisor}");
        Assert.Contains(await AuditAsync(host), a => a.Action == "force_agent_status" && a.Target == "ada" && a.Detail == "logged out (other)");
        Assert.Equal("shift over", (string?)await db.HashGetAsync(host.Keys.Agent("ada"), "rnote"));
    }

    [Fact]
    public async Task UpdateAgentProfile_CapacityBelowLoad_KeepsWhatTheAgentHolds_AndOffersNothingNewUntilBelow()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings());
        await using var ada = await DeskClient.ConnectAsync(host, "ada", h => h.Capacity.Add(new ChannelCapacity { Channel = "chat", MaxConcurrent = 2 }));
        var first = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await ada.TakeNextAsync();
        var second = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await ada.TakeNextAsync();

        var updated = await SupervisorOf(host).UpdateAgentProfileAsync(new UpdateAgentProfileRequest
        {
            AgentId = "ada",
            Skills = { new SkillProficiency { Queue = "general", Proficiency = 3, Primary = true } },
            Capacity = { new ChannelCapacity { Channel = "chat", MaxConcurrent = 1 } },
        });

        Assert.Equal(2, updated.Load);
        var told = (await ada.NextAsync(m => m.ProfileChanged is not null)).ProfileChanged;
        Assert.Equal((1, Supervisor), (told.Capacity.Single(c => c.Channel == "chat").MaxConcurrent, told.ChangedBy));
        Assert.Equal("general", told.Skills.Single().Queue);
        var third = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        var db = redis.Connection.GetDatabase();
        Assert.Equal("queued", (string?)await db.HashGetAsync(host.Keys.Contact(third.ContactId), "state"));
        Assert.NotNull((await ada.CompleteAsync(first.ContactId)).Completed);
        Assert.Equal("queued", (string?)await db.HashGetAsync(host.Keys.Contact(third.ContactId), "state"));
        Assert.Null(await db.SortedSetScoreAsync(host.Keys.FreeAgents("general", "chat"), "ada"));

        Assert.NotNull((await ada.CompleteAsync(second.ContactId)).Completed);
        Assert.Equal(third.ContactId, (await ada.NextOfferAsync()).Contact.ContactId);
        Assert.Contains(await AuditAsync(host), a => a.Action == "update_agent_profile" && a.Target == "ada");
    }

    [Fact]
    public async Task Actions_OnNodeB_ReachTheDeskOnNodeA_ProfileOfferStatusAndLogout()
    {
        var tenant = TestTenant.New();
        await using var nodeA = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings(), tenant, "node-a");
        await using var nodeB = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings(), tenant, "node-b");
        await using var ada = await DeskClient.ConnectAsync(nodeA, "ada");
        var billing = await nodeB.SubmitAsync(DeskTestKit.NewCustomer("chat", intent: "billing"));
        Assert.Equal("billing", billing.Queue);
        var supervisor = SupervisorOf(nodeB);

        await supervisor.UpdateAgentProfileAsync(new UpdateAgentProfileRequest
        {
            AgentId = "ada",
            Skills = { new SkillProficiency { Queue = "general", Proficiency = 3, Primary = true }, new SkillProficiency { Queue = "billing", Proficiency = 4 } },
        });

        var profile = (await ada.NextAsync(m => m.ProfileChanged is not null)).ProfileChanged;
        Assert.Equal(["billing", "general"], profile.Skills.Select(s => s.Queue).Order());
        var offer = await ada.NextOfferAsync();
        Assert.Equal(billing.ContactId, offer.Contact.ContactId);
        Assert.NotNull((await ada.AcceptAsync(offer.OfferId)).Assigned);

        await supervisor.ForceAgentStatusAsync(new ForceAgentStatusRequest { AgentId = "ada", Status = AgentStatus.Away, Reason = "meeting" });
        var away = (await ada.NextAsync(m => m.StatusChanged is not null)).StatusChanged;
        Assert.Equal((AgentStatus.Away, "meeting", Supervisor), (away.Status, away.Reason, away.ChangedBy));

        var waiting = await nodeA.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        Assert.False((await supervisor.MoveContactAsync(new MoveContactRequest { ContactId = waiting.ContactId, AgentId = "ada" })).Offered);
        await supervisor.ForceAgentStatusAsync(new ForceAgentStatusRequest { AgentId = "ada", Status = AgentStatus.Offline });
        var loggedOut = (await ada.NextAsync(m => m.StatusChanged is { Status: AgentStatus.Offline })).StatusChanged;
        Assert.Equal(Supervisor, loggedOut.ChangedBy);
        await ada.WaitEndedAsync();
        Assert.Equal("node-a", ada.Welcome.Node);
    }

    private static async Task Refused(StatusCode status, string? code, Task call, string? field = null)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(TestTimeout.Short));
        Assert.Equal(status, error.StatusCode);
        if (code is not null)
        {
            Assert.Equal(code, error.Trailers.GetValue("routing-error"));
        }

        if (field is not null)
        {
            Assert.Equal(field, error.Trailers.GetValue("routing-field"));
        }
    }

    private static async Task<IReadOnlyList<Core.Privacy.AuditEntry>> AuditAsync(RoutingServerHost host) =>
        (await host.Services.GetRequiredService<AuditTrail>().ReadAsync(host.Tenant, 100, "", CancellationToken.None).WaitAsync(TestTimeout.Short)).Entries;
}
