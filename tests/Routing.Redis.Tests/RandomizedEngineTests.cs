using Routing.Core.Agents;
using Routing.Core.Rules;
using Routing.Redis.Outbound;
using Routing.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Routing.Redis.Tests;

/// <summary>
/// Hundreds of agents on two nodes, thousands of contacts, random accept / decline / expiry /
/// complete / transfer / status / disconnect / reconnect, escalation steps (relaxed skills, lower
/// proficiency, widening, overflow, priority), supervisor actions (move to a queue or an agent,
/// priority, force away, log out, skills and capacity), strategy reloads by version, callbacks
/// (scheduled, released by whichever node sweeps, cancelled before or after) and a node dying,
/// from a fixed seed (so a failure reproduces). After every step the whole tenant is checked: no
/// contact offered to two agents at once, none assigned twice, none lost, no agent over capacity, a
/// widened contact waiting in every queue it was widened to and in none once it left the line, the
/// contacts of one customer's parallel conversation offered to one agent at a time unless the
/// bounded parallel wait passed. Outbound deliveries ride along: agents' replies and outreach queued, claimed by gateway streams,
/// acknowledged (delivered, failed, accepted, late, repeated) or left to time out and swept back;
/// every delivery is where its model says (queued in its outbox, in flight, accepted, delivered or
/// failed exactly once), none lost, none handed out again once finished. Run on every backend.
/// </summary>
public abstract class RandomizedEngineTests(IConnectionMultiplexer redis, ITestOutputHelper output)
{
    private const int Agents = 200;
    private const int Contacts = 2_000;

    // One read-only pass over the tenant; returns every broken invariant as text. It knows no key
    // layout: ARGV[1..6] are key names built by RoutingKeys with \1 where the ids go.
    private const string CheckScript = """
        local function template(t)
          local parts = {}
          for part in string.gmatch(t .. '\1', '(.-)\1') do table.insert(parts, part) end
          return function(x, y) return parts[1] .. x .. parts[2] .. (y and (y .. parts[3]) or '') end
        end
        local agentKey, holdingsKey, contactKey, queueKey, queueChannelKey, waitingKey =
          template(ARGV[1]), template(ARGV[2]), template(ARGV[3]), template(ARGV[4]), template(ARGV[5]), template(ARGV[6])
        local bad = {}
        local holder = {}
        local agents = redis.call('SMEMBERS', KEYS[1])
        for _, a in ipairs(agents) do
          local f = redis.call('HGETALL', agentKey(a))
          local ag = {}
          for i = 1, #f, 2 do ag[f[i]] = f[i + 1] end
          local held = redis.call('HGETALL', holdingsKey(a))
          local per = {}
          local n = 0
          for i = 1, #held, 2 do
            local cid, kind, ch = held[i], string.sub(held[i + 1], 1, 1), string.sub(held[i + 1], 3)
            n = n + 1
            per[ch] = (per[ch] or 0) + 1
            if holder[cid] then table.insert(bad, cid .. ' held by ' .. holder[cid] .. ' and ' .. a) end
            holder[cid] = a
            local c = redis.call('HMGET', contactKey(cid), 'state', 'oagent', 'agent')
            if kind == 'o' and (c[1] ~= 'offered' or c[2] ~= a) then table.insert(bad, a .. ' holds offer of ' .. cid .. ' in state ' .. tostring(c[1])) end
            if kind == 'a' and (c[1] ~= 'assigned' or c[3] ~= a) then table.insert(bad, a .. ' holds assignment of ' .. cid .. ' in state ' .. tostring(c[1])) end
            if kind == 'w' and c[1] ~= 'completed' then table.insert(bad, a .. ' wraps up ' .. cid .. ' in state ' .. tostring(c[1])) end
          end
          if tonumber(ag.tload or '0') ~= n then table.insert(bad, a .. ' tload ' .. tostring(ag.tload) .. ' but holds ' .. n) end
          if n > tonumber(ag.total or '0') then table.insert(bad, a .. ' over total capacity: ' .. n) end
          for ch, count in pairs(per) do
            if tonumber(ag['l:' .. ch] or '0') ~= count then table.insert(bad, a .. ' load on ' .. ch .. ' is ' .. tostring(ag['l:' .. ch]) .. ' but holds ' .. count) end
            if count > tonumber(ag['c:' .. ch] or '0') then table.insert(bad, a .. ' over capacity on ' .. ch .. ': ' .. count) end
          end
        end
        for i = 7, #ARGV do
          local cid = ARGV[i]
          local c = redis.call('HMGET', contactKey(cid), 'state', 'queue', 'ch', 'aff', 'wq')
          local s = c[1]
          for q in string.gmatch(c[5] or '', '[^,]+') do
            local inq = redis.call('ZSCORE', queueKey(q), cid)
            local inqc = redis.call('ZSCORE', queueChannelKey(q, c[3]), cid)
            if s == 'queued' and (c[4] or '') == '' and not (inq and inqc) then table.insert(bad, cid .. ' widened to ' .. q .. ' but not waiting there') end
            if s ~= 'queued' and (inq or inqc) then table.insert(bad, cid .. ' ' .. tostring(s) .. ' but still waiting in ' .. q .. ' (widened)') end
          end
          if not s then table.insert(bad, cid .. ' lost')
          elseif s == 'queued' then
            if not redis.call('ZSCORE', queueKey(c[2]), cid) then table.insert(bad, cid .. ' queued but not in its queue') end
            local open = redis.call('ZSCORE', queueChannelKey(c[2], c[3]), cid)
            local waiting = c[4] and c[4] ~= '' and redis.call('ZSCORE', waitingKey(c[4]), cid)
            if not open and not waiting then table.insert(bad, cid .. ' queued but reachable by no agent') end
            if holder[cid] then table.insert(bad, cid .. ' queued but held by ' .. holder[cid]) end
          elseif s == 'scheduled' then
            if not redis.call('ZSCORE', KEYS[2], cid) then table.insert(bad, cid .. ' scheduled but not due in cbx') end
            if redis.call('ZSCORE', queueKey(c[2]), cid) then table.insert(bad, cid .. ' scheduled but already in its queue') end
            if holder[cid] then table.insert(bad, cid .. ' scheduled but held by ' .. holder[cid]) end
          elseif s == 'offered' or s == 'assigned' then
            if not holder[cid] then table.insert(bad, cid .. ' ' .. s .. ' but held by nobody') end
            if redis.call('ZSCORE', queueKey(c[2]), cid) then table.insert(bad, cid .. ' ' .. s .. ' but still in its queue') end
          elseif s ~= 'completed' and s ~= 'cancelled' then
            table.insert(bad, cid .. ' in unknown state ' .. s)
          end
        end
        return bad
        """;

    /// <summary>Every broken invariant of the tenant as text (none when all hold); <paramref name="contacts"/> must all exist.</summary>
    internal static async Task<string[]> CheckInvariantsAsync(IDatabase db, RoutingKeys keys, IEnumerable<string> contacts)
    {
        const string Id = "\u0001";
        RedisValue[] layout =
        [
            (string)keys.Agent(Id)!, (string)keys.AgentHoldings(Id)!, (string)keys.Contact(Id)!,
            (string)keys.Queue(Id)!, (string)keys.QueueChannel(Id, Id)!, (string)keys.AgentWaiting(Id)!,
        ];
        var bad = (RedisResult[])(await db.ScriptEvaluateAsync(CheckScript, [keys.Agents, keys.CallbacksDue], [.. layout, .. contacts.Select(c => (RedisValue)c)]).WaitAsync(TestTimeout.Short))!;
        return [.. bad.Select(b => (string)b!)];
    }

    // Parallel contacts of one customer (includes/bundle.lua): the offered contacts of one
    // conversation are offered to one agent, unless one of them is past its bounded wait ("pw") or
    // cooling down on that agent after a decline / expiry. ARGV[1] the contact key template (\1 for
    // the id), ARGV[2] the decline cool-downs template, ARGV[3] now (ms), then each conversation's
    // contacts separated by "|".
    private const string ParallelCheckScript = """
        local function template(t)
          local a, b = string.match(t, '^(.-)\1(.*)$')
          return function(x) return a .. x .. b end
        end
        local contactKey, coolKey, now = template(ARGV[1]), template(ARGV[2]), tonumber(ARGV[3])
        local bad = {}
        local group = {}
        local function check()
          local agents, excused, first = {}, false, nil
          for _, cid in ipairs(group) do
            local c = redis.call('HMGET', contactKey(cid), 'state', 'oagent', 'pw')
            if c[1] == 'offered' then
              if not agents[c[2]] then agents[c[2]] = cid end
              first = first or c[2]
            end
            if c[3] and tonumber(c[3]) <= now then excused = true end
            if redis.call('EXISTS', coolKey(cid)) == 1 then excused = true end
          end
          local n, list = 0, {}
          for a, cid in pairs(agents) do n = n + 1 table.insert(list, cid .. '->' .. a) end
          if n > 1 and not excused then table.insert(bad, 'one conversation offered to ' .. n .. ' agents: ' .. table.concat(list, ', ')) end
          group = {}
        end
        for i = 4, #ARGV do
          if ARGV[i] == '|' then check() else table.insert(group, ARGV[i]) end
        end
        check()
        return bad
        """;

    /// <summary>Every parallel conversation offered to more than one agent within its bounded wait.</summary>
    internal static async Task<string[]> CheckParallelAsync(IDatabase db, RoutingKeys keys, DateTimeOffset now, IEnumerable<IReadOnlyList<string>> conversations)
    {
        const string Id = "\u0001";
        var args = new List<RedisValue> { (string)keys.Contact(Id)!, (string)keys.DeclineCooldowns(Id)!, now.ToUnixTimeMilliseconds() };
        foreach (var conversation in conversations)
        {
            args.AddRange(conversation.Select(c => (RedisValue)c));
            args.Add("|");
        }

        var bad = (RedisResult[])(await db.ScriptEvaluateAsync(ParallelCheckScript, [keys.Fence], [.. args]).WaitAsync(TestTimeout.Short))!;
        return [.. bad.Select(b => (string)b!)];
    }

    // One read-only pass over deliveries: per id its state, whether its channel's outbox and the
    // in-flight set hold it. ARGV[1..2] are key names built by RoutingKeys with \1 where the id goes.
    private const string DeliveryCheckScript = """
        local function template(t)
          local i = string.find(t, '\1', 1, true)
          local before, after = string.sub(t, 1, i - 1), string.sub(t, i + 1)
          return function(x) return before .. x .. after end
        end
        local deliveryKey, outboxKey = template(ARGV[1]), template(ARGV[2])
        local out = {}
        for i = 3, #ARGV do
          local f = redis.call('HMGET', deliveryKey(ARGV[i]), 'state', 'ch', 'attempt')
          local inOutbox = f[2] and redis.call('ZSCORE', outboxKey(f[2]), ARGV[i]) and '1' or '0'
          local inFlight = redis.call('ZSCORE', KEYS[1], ARGV[i]) and '1' or '0'
          table.insert(out, (f[1] or 'lost') .. ' ' .. inOutbox .. inFlight .. ' ' .. (f[3] or '-'))
        end
        return out
        """;

    /// <summary>A delivery as the test expects it: state (queued, inflight, accepted, delivered, failed), attempts, ack deadline.</summary>
    private sealed class ExpectedDelivery(string id, string channel)
    {
        public string Id { get; } = id;

        public string Channel { get; } = channel;

        public string State { get; set; } = "queued";

        public int Attempt { get; set; }

        public double AckBy { get; set; }

        public bool Finished => State is "delivered" or "failed";

        /// <summary>"state outbox-flag in-flight-flag attempt", as <see cref="DeliveryCheckScript"/> reports it.</summary>
        public string Expected => $"{State} {(State == "queued" ? 1 : 0)}{(State == "inflight" ? 1 : 0)} {Attempt}";
    }

    [Fact]
    public async Task RandomWork_OnTwoNodes_KeepsEveryInvariantAfterEveryStep()
    {
        var seed = 20261123;
        var random = new Random(seed);
        var kit = new EngineTestKit(redis, new EngineSettings
        {
            OfferTimeout = TimeSpan.FromSeconds(8),
            DeclineCooldown = TimeSpan.FromSeconds(20),
            MaxConsecutiveExpiries = 3,
            AffinityWait = TimeSpan.FromSeconds(5),
            PreferredAgentWait = TimeSpan.FromSeconds(3),
            ParallelContactWait = TimeSpan.FromSeconds(5),
            WrapUp = TimeSpan.FromSeconds(2),
            ReconnectGrace = TimeSpan.FromSeconds(15),
        });
        var engine = kit.Engine;
        var db = kit.Db;
        var offers = new Dictionary<string, (string Agent, string Contact)>();
        var assigned = new Dictionary<string, string>();
        var contacts = new List<string>();
        var escalating = new List<string>();
        var sessions = new Dictionary<string, (string Node, string Session)>();
        var gone = new HashSet<string>();
        var clock = 0.0;
        var n2Alive = true;
        // Parallel contacts: a customer ("par-N") writing on several channels back to back.
        var parallelConversations = new Dictionary<string, List<string>>();
        var parallelContacts = new HashSet<string>();
        var parallelRandom = new Random(seed + 2);
        var steps = 0;
        var counts = new Dictionary<string, int>();
        var what = "";
        string? problem = null;

        void Track(IReadOnlyList<RoutingEvent> events)
        {
            foreach (var e in events)
            {
                if (e.Kind == RoutingEventKind.Revoke)
                {
                    offers.Remove(e.OfferId);
                }
                else if (e.Kind == RoutingEventKind.Offer)
                {
                    var earlier = offers.Where(o => o.Value.Contact == e.ContactId).Select(o => $"{o.Key} to {o.Value.Agent}").FirstOrDefault();
                    problem ??= earlier is null ? null : ($"{e.ContactId} offered to {e.AgentId} ({e.OfferId}) while already offered ({earlier}) (step {steps} {what}, seed {seed}, events {string.Join(" ", events.Select(x => x.Kind + ":" + x.OfferId))})");
                    offers[e.OfferId] = (e.AgentId, e.ContactId);
                }
            }
        }

        // Configuration reloads (issue 11 part 6): a node publishes reloaded queue strategies while
        // contacts are matched; one of an older configuration version than Redis holds is refused.
        var strategiesVersion = -1L;
        var nodeConfiguration = new NodeConfigurationStore(redis);
        async Task ReloadStrategiesAsync()
        {
            string[] names = ["longest_idle", "most_skilled", "least_occupied", "round_robin"];
            var version = Math.Max(0, strategiesVersion + random.Next(-1, 2));
            var strategies = new Dictionary<string, string> { ["general"] = names[random.Next(names.Length)], ["billing"] = names[random.Next(names.Length)] };
            var published = await nodeConfiguration.PublishStrategiesAsync(kit.Tenant, version, strategies).WaitAsync(TestTimeout.Short);
            Assert.True(published.Published == (version >= strategiesVersion), $"strategies of version {version} published: {published} (step {steps}, seed {seed})");
            strategiesVersion = Math.Max(strategiesVersion, version);
        }

        // Delivery steps change no engine state (a reply adds a timeline entry only): their own check
        // follows them, and the engine's, the costly one, is left to the steps that need it.
        async Task Step(string step, Func<Task> action, Random? source = null, bool engine = true)
        {
            what = step;
            steps++;
            counts[what] = counts.GetValueOrDefault(what) + 1;
            clock += (source ?? random).NextDouble() * 0.4;
            await action();
            if (!engine)
            {
                return;
            }

            var bad = await CheckInvariantsAsync(db, kit.Keys, contacts);
            Assert.True(bad.Length == 0, $"step {steps} ({what}), seed {seed}: {string.Join("; ", bad.Take(5))}");
            var split = await CheckParallelAsync(db, kit.Keys, EngineTestKit.At(clock), parallelConversations.Values);
            Assert.True(split.Length == 0, $"step {steps} ({what}), seed {seed}: {string.Join("; ", split.Take(5))}");
            Assert.True(problem is null, problem);
        }

        // Profiles a supervisor gave (the desk was told, and says hello with it when it reconnects).
        var profiles = new Dictionary<string, AgentProfile>();

        async Task ConnectAgent(int i, string node)
        {
            var agent = $"ag{i:D3}";
            var session = $"{agent}-{Guid.NewGuid():N}";
            var profile = profiles.GetValueOrDefault(agent) ?? new AgentProfile(
                agent,
                agent,
                i % 3 == 0 ? [new("general", 1 + (i % 5), true), new("billing", 3, false)] : [new("general", 1 + (i % 5), true)],
                new Dictionary<string, int> { ["chat"] = 1 + (i % 3), ["email"] = 1 + (i % 5), ["voice"] = i % 2 },
                2 + (i % 4),
                new Dictionary<string, IReadOnlyList<string>> { ["voice"] = ["chat"] },
                ["voice"],
                AgentStatuses.Available);
            var outcome = await engine.ConnectAsync(new ConnectCommand(kit.Tenant, node, session, profile, EngineTestKit.At(clock)), CancellationToken.None).WaitAsync(TestTimeout.Short);
            sessions[agent] = (node, session);
            gone.Remove(agent);
            foreach (var offer in offers.Where(o => o.Value.Agent == agent).ToList())
            {
                offers.Remove(offer.Key);
            }

            Track(outcome.Events);
        }

        // A contact whose rule escalates: it may need billing (few agents) at a high proficiency, then
        // drops it and the minimum, widens to the other queue, raises its priority and overflows.
        async Task SubmitEscalating()
        {
            var queue = random.Next(3) == 0 ? "billing" : "general";
            var other = queue == "general" ? "billing" : "general";
            EscalationStep[] plan =
            [
                new() { After = TimeSpan.FromSeconds(1 + random.Next(3)), DropSkills = ["billing"], MinProficiency = random.Next(2) },
                new() { After = TimeSpan.FromSeconds(4 + random.Next(3)), WidenTo = [other, "sales"] },
                new() { After = TimeSpan.FromSeconds(8), RaisePriorityBy = random.Next(1, 40), Priority = random.Next(2) == 0 ? 30 : null },
                new() { After = TimeSpan.FromSeconds(10 + random.Next(5)), OverflowTo = random.Next(2) == 0 ? other : "sales", DropAllSkills = true },
            ];
            var result = await kit.SubmitAsync(
                random.Next(3) == 0 ? "email" : "chat",
                at: clock,
                queue: queue,
                priority: random.Next(0, 60),
                skills: random.Next(2) == 0 ? ["billing"] : [],
                customer: $"cus-{random.Next(600)}",
                node: random.Next(2) == 0 || !n2Alive ? "n1" : "n2",
                escalation: plan,
                minProficiency: random.Next(2) == 0 ? 4 : 0);
            if (result.Outcome == EnqueueOutcome.Queued)
            {
                contacts.Add(result.ContactId);
                escalating.Add(result.ContactId);
            }

            Track(result.Events);
        }

        // An agent accepts an offer it was sent. Accepting one offer of a bundle assigns all of it: the
        // reply names each other contact and the offer it had, which the desk's node closes (an offer
        // still on its way to the desk must not reach it after the contact's Assigned: the desk would
        // count that contact twice against its capacity). So each named offer must be exactly the open
        // offer of that contact to this agent, and no offer of the bundle may stay open.
        async Task Accept(string offerId, (string Agent, string Contact) offer)
        {
            var (node, session) = sessions[offer.Agent];
            var outcome = await engine.AcceptAsync(new AcceptCommand(kit.Tenant, node, offer.Agent, session, offerId, EngineTestKit.At(clock)), CancellationToken.None).WaitAsync(TestTimeout.Short);
            offers.Remove(offerId);
            if (outcome.Ok)
            {
                Assert.False(assigned.ContainsKey(offer.Contact), $"{offer.Contact} assigned twice (step {steps}, seed {seed})");
                assigned[offer.Contact] = offer.Agent;
                Assert.True(outcome.BundledContactIds.Count == outcome.BundledOfferIds.Count, $"accept of {offerId} assigned {string.Join(",", outcome.BundledContactIds)} with it but named the offers {string.Join(",", outcome.BundledOfferIds)} (step {steps}, seed {seed})");
                foreach (var (bundled, bundledOffer) in outcome.BundledContactIds.Zip(outcome.BundledOfferIds))
                {
                    Assert.False(assigned.ContainsKey(bundled), $"{bundled} assigned twice (step {steps}, seed {seed})");
                    assigned[bundled] = offer.Agent;
                    Assert.True(
                        offers.Remove(bundledOffer, out var open) && open == (offer.Agent, bundled),
                        $"{bundled} accepted with {offer.Contact}'s bundle names offer {bundledOffer}, not its open offer to {offer.Agent} (step {steps}, seed {seed})");
                    counts["bundle accepted"] = counts.GetValueOrDefault("bundle accepted") + 1;
                }

                var left = offers.Where(o => assigned.ContainsKey(o.Value.Contact)).Select(o => $"{o.Key} of {o.Value.Contact}").ToList();
                Assert.True(left.Count == 0, $"offers left open for contacts now assigned: {string.Join(", ", left)} (step {steps}, seed {seed})");
            }

            Track(outcome.Events);
        }

        // Parallel contacts of one customer: two or three channels back to back, on either node
        // (a new op with its own random source, so the other ops' sequence is unchanged), and half of
        // the time an offer of the conversation accepted at once (a bundle taken whole while it grows).
        async Task SubmitParallel()
        {
            var customer = $"par-{parallelRandom.Next(120)}";
            string[] channels = ["email", "chat", "voice"];
            parallelRandom.Shuffle(channels);
            var take = parallelRandom.Next(2, 4);
            List<string>? conversation = null;
            foreach (var channel in channels.Take(take))
            {
                clock += parallelRandom.NextDouble() * 0.05;
                var result = await kit.SubmitAsync(
                    channel,
                    at: clock,
                    priority: parallelRandom.Next(0, 60),
                    customer: customer,
                    node: parallelRandom.Next(2) == 0 || !n2Alive ? "n1" : "n2");
                if (result.Outcome == EnqueueOutcome.Queued)
                {
                    contacts.Add(result.ContactId);
                    parallelContacts.Add(result.ContactId);
                    conversation = parallelConversations.GetValueOrDefault(result.ConversationId) ?? (parallelConversations[result.ConversationId] = []);
                    conversation.Add(result.ContactId);
                }

                Track(result.Events);
            }

            var conversationOffers = conversation is null ? [] : offers.Where(o => conversation.Contains(o.Value.Contact)).ToList();
            if (parallelRandom.Next(2) == 0 && conversationOffers.Count > 0)
            {
                var (offerId, offer) = conversationOffers[parallelRandom.Next(conversationOffers.Count)];
                counts["parallel accepted at once"] = counts.GetValueOrDefault("parallel accepted at once") + 1;
                await Accept(offerId, offer);
            }
        }

        for (var i = 0; i < Agents; i++)
        {
            await Step("connect", () => ConnectAgent(i, i % 2 == 0 ? "n1" : "n2"));
        }

        var supervisor = new SupervisorActionStore(redis, kit.Settings);
        var supervisorRandom = new Random(seed + 1);

        // Callbacks draw from their own generator, so the rest of the run stays what the seed made it.
        var callbackRandom = new Random(seed + 2);
        var callbacks = new List<string>();
        async Task CallbackAction()
        {
            if (callbacks.Count > 0 && callbackRandom.Next(4) == 0)
            {
                var contact = callbacks[callbackRandom.Next(callbacks.Count)];
                await Step("cancel callback", async () =>
                {
                    var reply = await kit.Store.CancelAsync(new CancelCommand(kit.Tenant, contact, "customer called off the callback", EngineTestKit.At(clock), "n1"), CancellationToken.None).WaitAsync(TestTimeout.Short);
                    Assert.True(reply.Found, $"{contact} not found (step {steps}, seed {seed})");
                    Track(reply.Events);
                });
                return;
            }

            await Step("request callback", async () =>
            {
                var due = clock + (callbackRandom.Next(4) == 0 ? 0 : callbackRandom.NextDouble() * 20);
                var end = due + 1 + (callbackRandom.NextDouble() * 20);
                var start = clock;
                var result = await kit.SubmitAsync(
                    callbackRandom.Next(2) == 0 ? "voice" : "email",
                    at: clock,
                    priority: callbackRandom.Next(0, 60),
                    customer: $"cus-{callbackRandom.Next(600)}",
                    node: callbackRandom.Next(2) == 0 || !n2Alive ? "n1" : "n2",
                    shape: r => r with { Callback = new ScheduledCallback(EngineTestKit.At(start), EngineTestKit.At(end), EngineTestKit.At(due)), MergeAllowed = false });
                if (result.Outcome == EnqueueOutcome.Queued)
                {
                    contacts.Add(result.ContactId);
                    callbacks.Add(result.ContactId);
                }

                Track(result.Events);
            });
        }

        // A supervisor action, on a random contact (waiting or not: a refusal must change nothing) or
        // a random agent. A capacity change never goes below what the agent holds, so the strict
        // capacity invariant still holds; going below is tested end to end (SupervisorActionTests).
        // An agent the engine let go meanwhile (its node declared dead, its grace over) is refused as
        // not connected: right only if Redis says so.
        async Task<bool> RefusedAsNotConnectedAsync(string code, string agent)
        {
            if (code != "agent_not_connected")
            {
                return false;
            }

            Assert.False((await kit.AgentAsync(agent).WaitAsync(TestTimeout.Short)).Connected, $"{agent} is connected but was refused as not connected (step {steps}, seed {seed})");
            return true;
        }

        async Task SupervisorAction()
        {
            var agentIds = sessions.Keys.Where(a => !gone.Contains(a)).ToList();
            var pick = supervisorRandom.Next(6);
            if (pick < 3 && contacts.Count > 0)
            {
                var contact = contacts[supervisorRandom.Next(contacts.Count)];
                if (parallelContacts.Contains(contact))
                {
                    return;
                }

                await Step(pick switch { 0 => "supervisor move to queue", 1 => "supervisor move to agent", _ => "supervisor priority" }, async () =>
                {
                    var now = EngineTestKit.At(clock);
                    var reply = pick switch
                    {
                        0 => await supervisor.MoveContactAsync(new MoveContactCommand(kit.Tenant, "n1", contact, supervisorRandom.Next(2) == 0 ? "billing" : "general", null, "sup", "", now), CancellationToken.None).WaitAsync(TestTimeout.Short),
                        1 when agentIds.Count > 0 => await supervisor.MoveContactAsync(new MoveContactCommand(kit.Tenant, "n1", contact, null, agentIds[supervisorRandom.Next(agentIds.Count)], "sup", "", now), CancellationToken.None).WaitAsync(TestTimeout.Short),
                        _ => await supervisor.SetContactPriorityAsync(new ContactPriorityCommand(kit.Tenant, "n1", contact, supervisorRandom.Next(0, 60), "sup", now), CancellationToken.None).WaitAsync(TestTimeout.Short),
                    };
                    Assert.True(reply.Code is "ok" or "contact_not_waiting" or "agent_not_connected", $"{reply.Code} (step {steps}, seed {seed})");
                    Track(reply.Events);
                });
            }
            else if (agentIds.Count > 0)
            {
                var agent = agentIds[supervisorRandom.Next(agentIds.Count)];
                if (pick == 5)
                {
                    await Step("supervisor capacity", async () =>
                    {
                        var state = (await kit.AgentAsync(agent).WaitAsync(TestTimeout.Short))!;
                        var capacity = new Dictionary<string, int>();
                        foreach (var channel in new[] { "chat", "email", "voice" })
                        {
                            capacity[channel] = Math.Max(state.Load.GetValueOrDefault(channel), supervisorRandom.Next(0, 4));
                        }

                        var skills = supervisorRandom.Next(2) == 0 ? new AgentSkill[] { new("general", 3, true) } : [new("general", 2, false), new("billing", 4, true)];
                        var profile = new AgentProfile(agent, agent, skills, capacity.Where(c => c.Value > 0).ToDictionary(), Math.Max(state.TotalLoad, supervisorRandom.Next(1, 6)),
                            new Dictionary<string, IReadOnlyList<string>> { ["voice"] = ["chat"] }, ["voice"], AgentStatuses.Available);
                        var reply = await supervisor.UpdateAgentProfileAsync(new AgentProfileCommand(kit.Tenant, "n1", profile, "sup", EngineTestKit.At(clock)), CancellationToken.None).WaitAsync(TestTimeout.Short);
                        if (await RefusedAsNotConnectedAsync(reply.Code, agent))
                        {
                            return;
                        }

                        Assert.True(reply.Ok, $"{reply.Code} (step {steps}, seed {seed})");
                        profiles[agent] = profile;
                        Track(reply.Events);
                    });
                }
                else
                {
                    var logout = pick == 4;
                    await Step(logout ? "supervisor logout" : "supervisor away", async () =>
                    {
                        var reply = await supervisor.ForceStatusAsync(new ForceStatusCommand(kit.Tenant, "n1", agent, logout ? EngineAgentStatus.Offline : EngineAgentStatus.Away, "break", "away", "", "sup", EngineTestKit.At(clock)), CancellationToken.None).WaitAsync(TestTimeout.Short);
                        if (await RefusedAsNotConnectedAsync(reply.Code, agent))
                        {
                            return;
                        }

                        Assert.True(reply.Ok, $"{reply.Code} (step {steps}, seed {seed})");
                        if (logout)
                        {
                            gone.Add(agent);
                            foreach (var offer in offers.Where(o => o.Value.Agent == agent).ToList())
                            {
                                offers.Remove(offer.Key);
                            }
                        }

                        Track(reply.Events);
                    });
                }
            }
        }

        // Outbound deliveries, on a random source of their own so the engine's scenario stays as it was.
        var deliveryRandom = new Random(seed + 3);
        var outbound = new OutboundStore(redis, kit.Settings);
        var deliveries = new Dictionary<string, ExpectedDelivery>(StringComparer.Ordinal);
        var outreachSources = new List<(string ExternalId, string DeliveryId)>();
        var deliverySequence = 0;
        const double AckTimeout = 30;
        string[] outboundChannels = ["chat", "email", "voice", "sms"];

        async Task CheckDeliveriesAsync()
        {
            const string Id = "\u0001";
            var ids = deliveries.Keys.ToList();
            var seen = (RedisResult[])(await db.ScriptEvaluateAsync(DeliveryCheckScript, [kit.Keys.DeliveriesInFlight],
                [(string)kit.Keys.Delivery(Id)!, (string)kit.Keys.Outbox(Id)!, .. ids.Select(i => (RedisValue)i)]).WaitAsync(TestTimeout.Short))!;
            for (var i = 0; i < ids.Count; i++)
            {
                var expected = deliveries[ids[i]].Expected;
                Assert.True((string)seen[i]! == expected, $"delivery {ids[i]} is '{seen[i]}', expected '{expected}' (step {steps} {what}, seed {seed})");
            }
        }

        async Task DeliveryAction()
        {
            var pick = deliveryRandom.Next(100);
            var inFlight = deliveries.Values.Where(d => d.State == "inflight").ToList();
            if (pick < 25 && assigned.Count > 0)
            {
                // An agent replies on an assigned contact (refused, changing nothing, if it is no longer the agent's).
                var (contact, agent) = assigned.ElementAt(deliveryRandom.Next(assigned.Count));
                await Step("delivery reply", async () =>
                {
                    var channel = (string)(await db.HashGetAsync(kit.Keys.Contact(contact), "ch").WaitAsync(TestTimeout.Short))!;
                    var id = $"dl-{++deliverySequence}";
                    var result = await outbound.QueueAsync(new QueueDeliveryCommand(kit.Tenant, new OutboundMessage(id, channel, "to", "cv", contact, "cus", "reply", [], agent, "reply"),
                        "reply", id, "reply_window_open", TimeSpan.FromDays(1), EngineTestKit.At(clock), "n1"), CancellationToken.None).WaitAsync(TestTimeout.Short);
                    var state = (string?)await db.HashGetAsync(kit.Keys.Contact(contact), "state");
                    var ours = state == ContactStates.Assigned && (string?)await db.HashGetAsync(kit.Keys.Contact(contact), "agent") == agent;
                    Assert.True(result.Outcome == (ours ? QueueDeliveryOutcome.Queued : QueueDeliveryOutcome.NotAssigned), $"reply on {contact} ({state}): {result} (step {steps}, seed {seed})");
                    if (ours)
                    {
                        deliveries[id] = new ExpectedDelivery(id, channel);
                    }
                }, deliveryRandom, engine: false);
            }
            else if (pick < 35)
            {
                // A system's outreach; a retry of an earlier one answers the first delivery and queues nothing.
                var retry = outreachSources.Count > 0 && deliveryRandom.Next(4) == 0;
                var (externalId, firstId) = retry ? outreachSources[deliveryRandom.Next(outreachSources.Count)] : ($"inv-{deliverySequence + 1}", "");
                await Step("delivery outreach", async () =>
                {
                    var id = $"dl-{++deliverySequence}";
                    var result = await outbound.QueueAsync(new QueueDeliveryCommand(kit.Tenant, new OutboundMessage(id, "sms", "to", "cv", "", "cus", "notice", [], "", "outreach"),
                        "billing", externalId, "preferred", TimeSpan.FromDays(1), EngineTestKit.At(clock), "n1"), CancellationToken.None).WaitAsync(TestTimeout.Short);
                    Assert.Equal(retry ? new QueueDeliveryResult(QueueDeliveryOutcome.Existing, firstId) : new QueueDeliveryResult(QueueDeliveryOutcome.Queued, id), result);
                    if (!retry)
                    {
                        deliveries[id] = new ExpectedDelivery(id, "sms");
                        outreachSources.Add((externalId, id));
                    }
                }, deliveryRandom, engine: false);
            }
            else if (pick < 60)
            {
                // A gateway stream claims from some channels: only queued deliveries, oldest first, each once.
                var channels = outboundChannels.Where(_ => deliveryRandom.Next(2) == 0).DefaultIfEmpty("chat").ToArray();
                var max = deliveryRandom.Next(1, 6);
                var stream = $"gw-{deliveryRandom.Next(3)}";
                await Step("delivery claim", async () =>
                {
                    var claimed = await outbound.ClaimAsync(kit.Tenant, channels, max, stream, EngineTestKit.At(clock + AckTimeout), EngineTestKit.At(clock), "n1", CancellationToken.None).WaitAsync(TestTimeout.Short);
                    var available = deliveries.Values.Count(d => d.State == "queued" && channels.Contains(d.Channel));
                    Assert.True(claimed.Count == Math.Min(max, available), $"{stream} claimed {claimed.Count} of {available} queued on {string.Join(",", channels)} (max {max}) (step {steps}, seed {seed})");
                    foreach (var c in claimed)
                    {
                        var expected = deliveries[c.Message.DeliveryId];
                        Assert.True(expected.State == "queued" && channels.Contains(expected.Channel), $"{expected.Id} claimed while {expected.State} on {expected.Channel} (step {steps}, seed {seed})");
                        expected.State = "inflight";
                        expected.Attempt++;
                        expected.AckBy = clock + AckTimeout;
                        Assert.Equal(expected.Attempt, c.Attempt);
                    }
                }, deliveryRandom, engine: false);
            }
            else if (pick < 85 && deliveries.Count > 0)
            {
                // A gateway acknowledges: mostly one in flight, else any (late after a put-back, repeated, or accepted first).
                var target = inFlight.Count > 0 && deliveryRandom.Next(4) != 0
                    ? inFlight[deliveryRandom.Next(inFlight.Count)]
                    : deliveries.Values.ElementAt(deliveryRandom.Next(deliveries.Count));
                var outcome = deliveryRandom.Next(10) switch { < 6 => DeliveryAckOutcome.Delivered, < 8 => DeliveryAckOutcome.Failed, _ => DeliveryAckOutcome.Accepted };
                await Step("delivery ack", async () =>
                {
                    var reply = await outbound.AckAsync(kit.Tenant, target.Id, outcome, "", TimeSpan.FromDays(1), EngineTestKit.At(clock), "n1", CancellationToken.None).WaitAsync(TestTimeout.Short);
                    var word = outcome.ToString().ToLowerInvariant();
                    var applies = !target.Finished && !(target.State == "accepted" && outcome == DeliveryAckOutcome.Accepted);
                    Assert.True(reply.Applied == applies, $"ack {word} of {target.Id} ({target.State}) applied {reply.Applied}: acknowledged twice or lost (step {steps}, seed {seed})");
                    if (applies)
                    {
                        target.State = word;
                    }

                    Assert.Equal(target.State, reply.State);
                }, deliveryRandom, engine: false);
            }
            else
            {
                // Acks that never came: the deadline passes and a sweep puts exactly the overdue ones back.
                await Step("delivery sweep", async () =>
                {
                    clock += deliveryRandom.NextDouble() * 12;
                    var overdue = inFlight.Where(d => d.AckBy <= clock).ToList();
                    var swept = await outbound.SweepAsync(kit.Tenant, 1_000, EngineTestKit.At(clock), "n1", CancellationToken.None).WaitAsync(TestTimeout.Short);
                    Assert.True(swept.PutBack == overdue.Count, $"swept {swept.PutBack}, {overdue.Count} overdue (step {steps}, seed {seed})");
                    overdue.ForEach(d => d.State = "queued");
                }, deliveryRandom, engine: false);
            }

            await CheckDeliveriesAsync();
        }

        while (contacts.Count < Contacts)
        {
            if (supervisorRandom.Next(100) < 6)
            {
                await SupervisorAction();
            }

            if (callbackRandom.Next(100) < 4)
            {
                await CallbackAction();
            }

            if (deliveryRandom.Next(100) < 10)
            {
                await DeliveryAction();
            }

            var roll = random.Next(100);
            var agentIds = sessions.Keys.Where(a => !gone.Contains(a)).ToList();
            if (parallelRandom.Next(100) < 5)
            {
                await Step("submit parallel", () => SubmitParallel());
            }

            if (roll < 40 && random.Next(4) == 0)
            {
                await Step("submit escalating", () => SubmitEscalating());
            }
            else if (roll < 40)
            {
                await Step("submit", async () =>
                {
                    var channel = random.Next(10) switch { < 5 => "chat", < 8 => "email", _ => "voice" };
                    var result = await kit.SubmitAsync(
                        channel,
                        at: clock,
                        queue: random.Next(5) == 0 ? "billing" : "general",
                        priority: random.Next(0, 60),
                        customer: $"cus-{random.Next(600)}",
                        preferredAgent: random.Next(10) == 0 ? $"ag{random.Next(Agents):D3}" : "",
                        node: random.Next(2) == 0 || !n2Alive ? "n1" : "n2");
                    if (result.Outcome == EnqueueOutcome.Queued)
                    {
                        contacts.Add(result.ContactId);
                    }

                    Track(result.Events);
                });
            }
            else if (roll < 62 && offers.Count > 0)
            {
                var (offerId, offer) = offers.ElementAt(random.Next(offers.Count));
                await Step("accept", () => Accept(offerId, offer));
            }
            else if (roll < 68 && offers.Count > 0)
            {
                var (offerId, offer) = offers.ElementAt(random.Next(offers.Count));
                await Step("decline", async () =>
                {
                    var (node, session) = sessions[offer.Agent];
                    var outcome = await engine.DeclineAsync(new DeclineCommand(kit.Tenant, node, offer.Agent, session, offerId, "busy", EngineTestKit.At(clock)), CancellationToken.None).WaitAsync(TestTimeout.Short);
                    offers.Remove(offerId);
                    Track(outcome.Events);
                });
            }
            else if (roll < 85 && assigned.Count > 0)
            {
                var (contact, agent) = assigned.ElementAt(random.Next(assigned.Count));
                var transfer = random.Next(8) == 0;
                await Step(transfer ? "transfer" : "complete", async () =>
                {
                    var (node, session) = sessions[agent];
                    DeskReply outcome = transfer
                        ? await engine.TransferAsync(new TransferCommand(kit.Tenant, node, agent, session, contact, "billing", null, "", EngineTestKit.At(clock)), CancellationToken.None).WaitAsync(TestTimeout.Short)
                        : await engine.CompleteAsync(new CompleteCommand(kit.Tenant, node, agent, session, contact, "resolved", "", random.Next(2) == 0, EngineTestKit.At(clock)), CancellationToken.None).WaitAsync(TestTimeout.Short);
                    assigned.Remove(contact);
                    Track(outcome.Events);
                });
            }
            else if (roll < 88 && agentIds.Count > 0)
            {
                var agent = agentIds[random.Next(agentIds.Count)];
                await Step("disconnect", async () =>
                {
                    var (node, session) = sessions[agent];
                    var outcome = await engine.DisconnectAsync(new DisconnectCommand(kit.Tenant, node, agent, session, EngineTestKit.At(clock)), CancellationToken.None).WaitAsync(TestTimeout.Short);
                    gone.Add(agent);
                    foreach (var offer in offers.Where(o => o.Value.Agent == agent).ToList())
                    {
                        offers.Remove(offer.Key);
                    }

                    Track(outcome.Events);
                });
            }
            else if (roll < 92 && gone.Count > 0)
            {
                var agent = gone.ElementAt(random.Next(gone.Count));
                await Step("reconnect", () => ConnectAgent(int.Parse(agent[2..], System.Globalization.CultureInfo.InvariantCulture), n2Alive && random.Next(2) == 0 ? "n2" : "n1"));
            }
            else if (roll < 95 && agentIds.Count > 0)
            {
                var agent = agentIds[random.Next(agentIds.Count)];
                await Step("status", async () =>
                {
                    var (node, session) = sessions[agent];
                    var status = random.Next(3) == 0 ? EngineAgentStatus.Away : EngineAgentStatus.Available;
                    Track((await engine.ChangeStatusAsync(new StatusCommand(kit.Tenant, node, agent, session, status, "", EngineTestKit.At(clock)), CancellationToken.None).WaitAsync(TestTimeout.Short)).Events);
                });
            }
            else if (roll < 96)
            {
                await Step("reload strategies", ReloadStrategiesAsync);
            }
            else
            {
                await Step("sweep", async () =>
                {
                    clock += random.NextDouble() * 3;
                    // Both live nodes sweep (a sweep is also a node's heartbeat), in random order.
                    foreach (var node in n2Alive ? (random.Next(2) == 0 ? ["n1", "n2"] : new[] { "n2", "n1" }) : ["n1"])
                    {
                        var swept = await engine.SweepAsync(new SweepCommand(kit.Tenant, node, 200, TimeSpan.FromSeconds(30), EngineTestKit.At(clock)), CancellationToken.None).WaitAsync(TestTimeout.Short);
                        counts["callbacks due"] = counts.GetValueOrDefault("callbacks due") + swept.CallbacksDue;
                        Track(swept.Events);
                    }


                    // Assignments returned to the queue after a grace are no longer the agent's.
                    foreach (var (contact, _) in assigned.ToList())
                    {
                        if ((string?)await db.HashGetAsync(kit.Keys.Contact(contact), "state") != ContactStates.Assigned)
                        {
                            assigned.Remove(contact);
                        }
                    }
                });
            }

            if (n2Alive && contacts.Count >= Contacts * 6 / 10)
            {
                // Node n2 dies: it stops sweeping; n1 declares it dead after the timeout and recovers its agents.
                n2Alive = false;
                await Step("node n2 dies", async () =>
                {
                    clock += 31;
                    Track((await engine.SweepAsync(new SweepCommand(kit.Tenant, "n1", 1_000, TimeSpan.FromSeconds(30), EngineTestKit.At(clock)), CancellationToken.None).WaitAsync(TestTimeout.Short)).Events);
                    foreach (var agent in sessions.Where(s => s.Value.Node == "n2").Select(s => s.Key))
                    {
                        gone.Add(agent);
                        foreach (var offer in offers.Where(o => o.Value.Agent == agent).ToList())
                        {
                            offers.Remove(offer.Key);
                        }
                    }
                });
                Assert.All(sessions.Where(s => s.Value.Node == "n2"), s => Assert.False(kit.AgentAsync(s.Key).Result.Connected));
            }
        }

        // The gateways catch up: every delivery still queued, in flight or accepted ends delivered or failed, once.
        clock += AckTimeout + 1;
        var putBack = (await outbound.SweepAsync(kit.Tenant, 10_000, EngineTestKit.At(clock), "n1", CancellationToken.None).WaitAsync(TestTimeout.Short)).PutBack;
        Assert.Equal(deliveries.Values.Count(d => d.State == "inflight"), putBack);
        foreach (var d in deliveries.Values.Where(d => d.State == "inflight"))
        {
            d.State = "queued";
        }

        IReadOnlyList<ClaimedDelivery> batch;
        while ((batch = await outbound.ClaimAsync(kit.Tenant, outboundChannels, 50, "gw-final", EngineTestKit.At(clock + AckTimeout), EngineTestKit.At(clock), "n1", CancellationToken.None).WaitAsync(TestTimeout.Short)).Count > 0)
        {
            foreach (var c in batch)
            {
                var expected = deliveries[c.Message.DeliveryId];
                Assert.Equal("queued", expected.State);
                expected.State = "inflight";
                expected.Attempt++;
            }
        }

        foreach (var d in deliveries.Values.Where(d => !d.Finished))
        {
            Assert.True((await outbound.AckAsync(kit.Tenant, d.Id, DeliveryAckOutcome.Delivered, "", TimeSpan.FromDays(1), EngineTestKit.At(clock), "n1", CancellationToken.None).WaitAsync(TestTimeout.Short)).Applied, $"final ack of {d.Id} ({d.State})");
            d.State = "delivered";
        }

        what = "gateways catch up";
        await CheckDeliveriesAsync();
        Assert.Equal(0, await db.SortedSetLengthAsync(kit.Keys.DeliveriesInFlight));
        counts["deliveries queued"] = deliveries.Count;
        counts["delivery attempts"] = deliveries.Values.Sum(d => d.Attempt);
        counts["deliveries failed"] = deliveries.Values.Count(d => d.State == "failed");
        counts["deliveries redelivered"] = deliveries.Values.Count(d => d.Attempt >= 2);
        Assert.True(deliveries.Count > 100 && counts["deliveries redelivered"] > 10 && counts.GetValueOrDefault("delivery sweep") > 20,
            "replies and outreach queued, redelivered and swept");

        Assert.False(await db.KeyExistsAsync(kit.Keys.Fence).WaitAsync(TestTimeout.Short), "the fence key must never be written");
        var stepsApplied = 0;
        foreach (var contact in escalating)
        {
            stepsApplied += (int)(await db.HashGetAsync(kit.Keys.Contact(contact), "escn").WaitAsync(TestTimeout.Short) is { IsNull: false } n ? (long)n : 0);
        }

        counts["escalation steps applied"] = stepsApplied;
        output.WriteLine($"seed {seed}: {steps} steps, {contacts.Count} contacts, {Agents} agents; " + string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}")));
        Assert.True(stepsApplied > 100, $"only {stepsApplied} escalation steps applied");
        Assert.True(counts.GetValueOrDefault("callbacks due") > 50 && counts.GetValueOrDefault("cancel callback") > 10, "callbacks were released and cancelled");
        // A last sweep past every due time: every callback got its turn, none is still scheduled.
        clock += 30;
        await Step("sweep", async () => Track((await engine.SweepAsync(new SweepCommand(kit.Tenant, "n1", 1_000, TimeSpan.FromSeconds(30), EngineTestKit.At(clock)), CancellationToken.None).WaitAsync(TestTimeout.Short)).Events));
        foreach (var contact in callbacks)
        {
            Assert.NotEqual(ContactStates.Scheduled, (string?)await db.HashGetAsync(kit.Keys.Contact(contact), "state").WaitAsync(TestTimeout.Short));
        }

        Assert.True(counts.Where(c => c.Key.StartsWith("supervisor", StringComparison.Ordinal)).Sum(c => c.Value) > 100, "supervisor actions ran");
        Assert.True(counts.GetValueOrDefault("submit parallel") > 50 && counts.GetValueOrDefault("bundle accepted") > 10, "parallel contacts were submitted and bundles accepted");
        Assert.True(counts.GetValueOrDefault("accept") > 500 && counts.GetValueOrDefault("complete") > 200 && counts.GetValueOrDefault("decline") > 50 && counts.GetValueOrDefault("disconnect") > 50);
    }
}

public sealed class RandomizedEngineOnRedisTests(RedisServerFixture redis, ITestOutputHelper output)
    : RandomizedEngineTests(redis.Connection, output), IClassFixture<RedisServerFixture>;

public sealed class RandomizedEngineOnGarnetTests(GarnetFixture garnet, ITestOutputHelper output)
    : RandomizedEngineTests(garnet.Connection, output), IClassFixture<GarnetFixture>;

[Collection(RedisClusterCollection.Name)]
public sealed class RandomizedEngineOnClusterTests(RedisClusterFixture cluster, ITestOutputHelper output)
    : RandomizedEngineTests(cluster.Connection, output);
