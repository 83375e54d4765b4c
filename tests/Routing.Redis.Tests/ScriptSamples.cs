using Routing.Core.Agents;
using Routing.Core.Channels;
using Routing.Core.Contacts;
using Routing.Core.Customers;
using Routing.Core.Rules;
using StackExchange.Redis;

namespace Routing.Redis.Tests;

/// <summary>A valid call of every script, built by its C# contract: each would write if run.</summary>
internal static class ScriptSamples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static readonly string Settings = new EngineSettings().ToArgument();

    public static AgentProfile Agent(string id) => new(
        id,
        id,
        [new AgentSkill("general", 3, true)],
        new Dictionary<string, int> { ["chat"] = 2 },
        2,
        new Dictionary<string, IReadOnlyList<string>>(),
        [],
        "available");

    public static (RedisScript Script, RedisKey[] Keys, RedisValue[] Args) Call(string name, string tenant)
    {
        switch (name)
        {
            case "enqueue":
                var contact = new ValidContact(new ChannelDefinition("chat", AddressKind.Handle, MergeWhileWaiting: true), "x-1", "alice", "", "hello", "", "en", new Dictionary<string, string>(), Now);
                var request = new EnqueueRequest(tenant, contact, new CustomerContext { CustomerId = "cus-1", PreferredAgentId = "a1" },
                    new RoutingDecision("default", "general", 10, [], TimeSpan.FromSeconds(60)), "cust:cus-1", true, TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), Now, "n1");
                return (LuaScripts.Enqueue, EnqueueScript.Keys(request, "ct-1", "cv-1"), EnqueueScript.Args(request, "ct-1", "cv-1", 1, 60, Settings));
            case "cancel":
                var cancel = new CancelCommand(tenant, "ct-1", "gone", Now, "n1");
                return (LuaScripts.Cancel, CancelScript.Keys(cancel), CancelScript.Args(cancel, Settings));
            case "connect":
                var connect = new ConnectCommand(tenant, "n1", "s1", Agent("a1"), Now);
                return (LuaScripts.Connect, ConnectScript.Keys(connect), ConnectScript.Args(connect, Settings));
            case "status":
                var status = new StatusCommand(tenant, "n1", "a1", "s1", EngineAgentStatus.Away, "", Now);
                return (LuaScripts.Status, StatusScript.Keys(status), StatusScript.Args(status, Settings));
            case "accept":
                var accept = new AcceptCommand(tenant, "n1", "a1", "s1", "of-ct-1-1", Now);
                return (LuaScripts.Accept, AcceptScript.Keys(accept), AcceptScript.Args(accept, Settings));
            case "decline":
                var decline = new DeclineCommand(tenant, "n1", "a1", "s1", "of-ct-1-1", "", Now);
                return (LuaScripts.Decline, DeclineScript.Keys(decline), DeclineScript.Args(decline, Settings));
            case "complete":
                var complete = new CompleteCommand(tenant, "n1", "a1", "s1", "ct-1", "resolved", "", true, Now);
                return (LuaScripts.Complete, CompleteScript.Keys(complete), CompleteScript.Args(complete, Settings));
            case "transfer":
                var transfer = new TransferCommand(tenant, "n1", "a1", "s1", "ct-1", null, "a2", "", Now);
                return (LuaScripts.Transfer, TransferScript.Keys(transfer), TransferScript.Args(transfer, Settings));
            case "disconnect":
                var disconnect = new DisconnectCommand(tenant, "n1", "a1", "s1", Now);
                return (LuaScripts.Disconnect, DisconnectScript.Keys(disconnect), DisconnectScript.Args(disconnect, Settings));
            case "sweep":
                var sweep = new SweepCommand(tenant, "n1", 10, TimeSpan.FromSeconds(15), Now);
                return (LuaScripts.Sweep, SweepScript.Keys(sweep), SweepScript.Args(sweep, Settings));
            case "claim_writeback":
                var claim = new ClaimWriteBackCommand(tenant, 10, TimeSpan.FromSeconds(30), Now);
                return (LuaScripts.ClaimWriteBack, ClaimWriteBackScript.Keys(claim), ClaimWriteBackScript.Args(claim));
            case "confirm_writeback":
                var confirm = new ConfirmWriteBackCommand(tenant, "ct-1", "written", Now, "n1");
                return (LuaScripts.ConfirmWriteBack, ConfirmWriteBackScript.Keys(confirm), ConfirmWriteBackScript.Args(confirm, Settings));
            case "consent_update":
                var change = new ConsentOverride("cus-1", "email", false, Now);
                return (LuaScripts.ConsentUpdate, ConsentScript.Keys(tenant, "cus-1"), ConsentScript.UpdateArgs(change, Now));
            case "consent_confirm":
                var written = new ConsentOverride("cus-1", "email", false, Now);
                return (LuaScripts.ConsentConfirm, ConsentScript.Keys(tenant, "cus-1"), ConsentScript.ConfirmArgs(written));
            case "audit":
                var entry = new Core.Privacy.AuditEntry("au-1", Now, tenant, "admin-1", "erase", "cus-1", "1 contacts erased");
                return (LuaScripts.Audit, AuditScript.Keys(tenant), AuditScript.Args(entry, TimeSpan.FromDays(1)));
            case "erase":
                var erase = new EraseCommand(tenant, "cust:cus-1", "erased", Now, "n1");
                return (LuaScripts.Erase, EraseScript.Keys(erase), EraseScript.Args(erase, Settings));
            case "publish_strategies":
                return (LuaScripts.PublishStrategies, PublishStrategiesScript.Keys(tenant), PublishStrategiesScript.Args(3, new Dictionary<string, string> { ["general"] = "most_skilled" }));
            case "move_contact":
                var move = new MoveContactCommand(tenant, "n1", "ct-1", "billing", null, "sup-1", "", Now);
                return (LuaScripts.MoveContact, MoveContactScript.Keys(move), MoveContactScript.Args(move, Settings));
            case "contact_priority":
                var priority = new ContactPriorityCommand(tenant, "n1", "ct-1", 50, "sup-1", Now);
                return (LuaScripts.ContactPriority, ContactPriorityScript.Keys(priority), ContactPriorityScript.Args(priority, Settings));
            case "force_status":
                var force = new ForceStatusCommand(tenant, "n1", "a1", EngineAgentStatus.Offline, "break", "away", "", "sup-1", Now);
                return (LuaScripts.ForceStatus, ForceStatusScript.Keys(force), ForceStatusScript.Args(force, Settings));
            case "agent_profile":
                var profile = new AgentProfileCommand(tenant, "n1", Agent("a1"), "sup-1", Now);
                return (LuaScripts.AgentProfile, AgentProfileScript.Keys(profile), AgentProfileScript.Args(profile, Settings));
            case "outbound_queue":
                var message = new Outbound.OutboundMessage("dl-1", "chat", "alice", "cv-1", "ct-1", "cus-1", "hello", ["att-1"], "a1", "reply");
                var queue = new Outbound.QueueDeliveryCommand(tenant, message, "reply", "dl-1", "reply_window_open", TimeSpan.FromDays(1), Now, "n1");
                return (LuaScripts.OutboundQueue, OutboundScripts.QueueKeys(queue), OutboundScripts.QueueArgs(queue, Settings));
            case "outbound_claim":
                return (LuaScripts.OutboundClaim, OutboundScripts.ClaimKeys(tenant, ["chat", "email"]), OutboundScripts.ClaimArgs(5, Now.AddSeconds(30), "st-1", Now, "n1", Settings));
            case "outbound_ack":
                return (LuaScripts.OutboundAck, OutboundScripts.AckKeys(tenant, "dl-1"), OutboundScripts.AckArgs("dl-1", Outbound.DeliveryAckOutcome.Delivered, "", TimeSpan.FromDays(1), Now, "n1", Settings));
            case "outbound_sweep":
                return (LuaScripts.OutboundSweep, OutboundScripts.SweepKeys(tenant), OutboundScripts.SweepArgs(10, Now, "n1", Settings));
            case "outreach_queue":
                var outreach = new Outbound.OutreachQueueCommand(tenant, new Outbound.OutboundMessage("dl-1", "sms", "+442000000001", "", "", "cus-1", "hello", [], "", "outreach"),
                    "billing", "inv-1", "preferred", TimeSpan.FromDays(1), "h-1", TimeSpan.FromDays(1), false, [new Core.Outbound.CommunicationLimit(1, TimeSpan.FromHours(1))],
                    [new Core.Outbound.OpenPeriod(Now, Now.AddHours(12))], Now, "n1");
                return (LuaScripts.OutreachQueue, OutreachScripts.QueueKeys(outreach), OutreachScripts.QueueArgs(outreach, Settings));
            case "outreach_release":
                return (LuaScripts.OutreachRelease, OutreachScripts.ReleaseKeys(tenant), OutreachScripts.ReleaseArgs(10, TimeSpan.FromDays(1), Now, "n1", Settings));
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "No sample call for this script: add one.");
        }
    }
}

