using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// The one shared queue and the contacts in it. Every change is one Lua script (atomic, one round
/// trip); reads are plain commands. Cost per call is O(log N) in queue length.
/// </summary>
public sealed class ContactQueueStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options, EngineSettingsSource engine)
{
    public ContactQueueStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options, EngineSettings engine)
        : this(redis, options, new EngineSettingsSource(engine))
    {
    }

    private string ScriptSettings => engine.Argument;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The contact hash's bundle id (includes/bundle.lua).</summary>
    private const string BundleField = "bun";

    private IDatabase Db => redis.GetDatabase();

    public async Task<EnqueueResult> EnqueueAsync(EnqueueRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var contactId = Core.Contacts.RoutingIds.NewContactId();
        var conversationId = Core.Contacts.RoutingIds.NewConversationId();

        // Lower score is served first: waiting time counts, and each priority point is worth
        // PriorityWeight of waiting (aging), so a low priority contact cannot starve forever. A
        // callback's waiting starts at its due time: it takes its place in line by that.
        var waitingFrom = request.Callback is { } callback && callback.DueAt > request.Now ? callback.DueAt : request.Now;
        var score = waitingFrom.ToUnixTimeMilliseconds() - (request.Decision.Priority * (long)request.PriorityWeight.TotalMilliseconds);
        var ttl = (long)options.Value.IdempotencyWindow.TotalSeconds;
        var snapshot = EnqueueScript.Snapshot(request);

        return await LuaScripts.Enqueue.RunAsync(
            Db,
            EnqueueScript.Keys(request, contactId, conversationId, snapshot),
            EnqueueScript.Args(request, contactId, conversationId, score, ttl, ScriptSettings, snapshot),
            EnqueueScript.Decode,
            new ScriptTags(request.Tenant, Queue: request.Decision.Queue),
            static r => new ScriptTags("", r.ContactId, r.Queue)).ConfigureAwait(false);
    }

    /// <summary>Cancels a waiting contact. Answers (does not throw) when it is unknown or no longer waiting.</summary>
    public async Task<CancelResult> CancelAsync(CancelCommand command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await LuaScripts.Cancel.RunAsync(
            Db, CancelScript.Keys(command), CancelScript.Args(command, ScriptSettings), reply => CancelScript.Decode(command.ContactId, reply), new ScriptTags(command.Tenant, command.ContactId)).ConfigureAwait(false);
    }

    /// <summary>The contact id recorded for a gateway's (channel, external id), if any.</summary>
    public async Task<string?> FindByExternalIdAsync(string tenant, string channel, string externalId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = await Db.StringGetAsync(new RoutingKeys(tenant).ExternalId(channel, externalId)).ConfigureAwait(false);
        return id.IsNull ? null : (string)id!;
    }

    public async Task<StoredContact?> GetContactAsync(string tenant, string contactId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var fields = await ContactHash.ReadAsync(Db, new RoutingKeys(tenant), contactId).ConfigureAwait(false);
        return fields is null ? null : ToContact(fields);
    }

    /// <summary>
    /// The contact and its bundle id from one HGETALL (and the CRM snapshot it names): the offer
    /// path needs both, and the hash already holds the bundle ("bun"), so no second read.
    /// </summary>
    public async Task<OfferedContact?> GetOfferedContactAsync(string tenant, string contactId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var fields = await ContactHash.ReadAsync(Db, new RoutingKeys(tenant), contactId).ConfigureAwait(false);
        return fields is null ? null : new OfferedContact(ToContact(fields), fields.TryGetValue(BundleField, out var bundle) ? bundle : "");
    }

    /// <summary>A contact from the fields of its hash (ContactFields).</summary>
    internal static StoredContact ToContact(IReadOnlyDictionary<string, string> f)
    {
        string Get(string name) => f.TryGetValue(name, out var v) ? v : "";
        long Long(string name) => long.TryParse(Get(name), NumberStyles.Integer, Invariant, out var v) ? v : 0;

        return new StoredContact(
            Get(ContactFields.Id),
            Get(ContactFields.Conversation),
            Get(ContactFields.Channel),
            Get(ContactFields.From),
            Get(ContactFields.ExternalId),
            Get(ContactFields.Subject),
            Get(ContactFields.Text),
            Get(ContactFields.Intent),
            Get(ContactFields.Language),
            JsonSerializer.Deserialize(Get(ContactFields.Attributes) is { Length: > 0 } a ? a : "{}", RedisJsonContext.Default.DictionaryStringString)!,
            Get(ContactFields.Queue),
            (int)Long(ContactFields.Priority),
            JsonSerializer.Deserialize(Get(ContactFields.Skills) is { Length: > 0 } s ? s : "[]", RedisJsonContext.Default.ListString)!,
            TimeSpan.FromMilliseconds(Long(ContactFields.ServiceLevelMs)),
            Get(ContactFields.Rule),
            DateTimeOffset.FromUnixTimeMilliseconds(Long(ContactFields.ReceivedAt)),
            DateTimeOffset.FromUnixTimeMilliseconds(Long(ContactFields.EnqueuedAt)),
            Get(ContactFields.State),
            (int)Long(ContactFields.MessageCount),
            Get(ContactFields.ThreadKey),
            JsonSerializer.Deserialize(Get(ContactFields.Customer) is { Length: > 0 } c ? c : "{}", RedisJsonContext.Default.CustomerContext)!,
            Get(ContactFields.Agent))
        {
            Callback = EnqueueScript.DecodeCallback(Get(ContactFields.CallbackWindowStart), Get(ContactFields.CallbackWindowEnd), Get(ContactFields.CallbackDueAt)) is { } callback
                ? callback with { WindowMissed = Get(ContactFields.CallbackWindowMissed) == "1" }
                : null,
        };
    }

    /// <summary>A completed contact as the CRM's interaction history records it (null if unknown or not completed).</summary>
    public async Task<Core.Customers.InteractionRecord?> GetInteractionAsync(string tenant, string contactId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RedisValue[] fields = ["state", "conv", "cust", "ch", "from", "queue", "agent", "enq", "offered", "accepted", "completed", "disp", "notes"];
        var v = await Db.HashGetAsync(new RoutingKeys(tenant).Contact(contactId), fields).ConfigureAwait(false);
        if ((string?)v[0] != ContactStates.Completed)
        {
            return null;
        }

        DateTimeOffset? At(int i) => long.TryParse((string?)v[i], NumberStyles.Integer, Invariant, out var ms) && ms > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        return new Core.Customers.InteractionRecord(
            tenant,
            contactId,
            (string?)v[1] ?? "",
            (string?)v[2] is { Length: > 0 } customer ? customer : null,
            (string?)v[3] ?? "",
            (string?)v[4] ?? "",
            (string?)v[5] ?? "",
            (string?)v[6] ?? "",
            At(7) ?? DateTimeOffset.UnixEpoch,
            At(8),
            At(9),
            At(10) ?? DateTimeOffset.UnixEpoch,
            (string?)v[11] ?? "",
            (string?)v[12] ?? "");
    }

    /// <summary>The other contacts of a conversation (every channel), oldest first, at most <paramref name="max"/> (the latest).</summary>
    public async Task<IReadOnlyList<HistoryItem>> GetConversationHistoryAsync(string tenant, string conversationId, string excludeContactId, int max, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var keys = new RoutingKeys(tenant);
        var ids = await Db.ListRangeAsync(keys.ConversationContacts(conversationId), -(max + 1), -1).ConfigureAwait(false);
        // The whole (small, listpack) hash: subject and text may be stored in parts (ContactHash).
        var batch = Db.CreateBatch();
        var reads = ids.Where(i => i != excludeContactId).TakeLast(max).Select(i => (Id: (string)i!, Task: batch.HashGetAllAsync(keys.Contact(i!)))).ToList();
        batch.Execute();
        var result = new List<HistoryItem>(reads.Count);
        foreach (var (id, task) in reads)
        {
            var v = ContactHash.Read(await task.ConfigureAwait(false));
            string Get(string name) => v.TryGetValue(name, out var value) ? value : "";
            result.Add(new HistoryItem(
                id,
                Get(ContactFields.Channel),
                DateTimeOffset.FromUnixTimeMilliseconds(long.TryParse(Get(ContactFields.ReceivedAt), NumberStyles.Integer, Invariant, out var at) ? at : 0),
                Get(ContactFields.Subject),
                Get(ContactFields.Text),
                Get(ContactFields.Agent),
                Get(ContactFields.State)));
        }

        return result;
    }

    public async Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string tenant, string contactId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var items = await Db.ListRangeAsync(new RoutingKeys(tenant).Timeline(contactId)).ConfigureAwait(false);
        return [.. items.Select(i => JsonSerializer.Deserialize((string)i!, RedisJsonContext.Default.TimelineEntry)!)];
    }

    public async Task<IReadOnlyList<MergedMessage>> GetMergedMessagesAsync(string tenant, string contactId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var items = await Db.ListRangeAsync(new RoutingKeys(tenant).MergedMessages(contactId)).ConfigureAwait(false);
        return [.. items.Select(i => JsonSerializer.Deserialize((string)i!, RedisJsonContext.Default.MergedMessage)!)];
    }

    /// <summary>The contact ids of a conversation, oldest first.</summary>
    public async Task<IReadOnlyList<string>> GetConversationContactsAsync(string tenant, string conversationId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var items = await Db.ListRangeAsync(new RoutingKeys(tenant).ConversationContacts(conversationId)).ConfigureAwait(false);
        return [.. items.Select(i => (string)i!)];
    }

    /// <summary>
    /// The contacts of <paramref name="bundleId"/> offered to <paramref name="agentId"/> now, in
    /// conversation order: the conversation's ids, then their fields in one pipelined batch (two
    /// round trips whatever the conversation's size).
    /// </summary>
    public async Task<IReadOnlyList<string>> GetBundleMembersAsync(string tenant, string bundleId, string conversationId, string agentId, CancellationToken cancellationToken)
    {
        var keys = new RoutingKeys(tenant);
        var ids = await Db.ListRangeAsync(keys.ConversationContacts(conversationId)).WaitAsync(cancellationToken).ConfigureAwait(false);
        RedisValue[] fields = [BundleField, ContactFields.State, ContactFields.OfferedAgent];
        var batch = Db.CreateBatch();
        var reads = new Task<RedisValue[]>[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            reads[i] = batch.HashGetAsync(keys.Contact((string)ids[i]!), fields);
        }

        batch.Execute();
        var members = new List<string>();
        for (var i = 0; i < ids.Length; i++)
        {
            var f = await reads[i].WaitAsync(cancellationToken).ConfigureAwait(false);
            if ((string?)f[0] == bundleId && (string?)f[1] == ContactStates.Offered && (string?)f[2] == agentId)
            {
                members.Add((string)ids[i]!);
            }
        }

        return members;
    }

    /// <summary>The waiting contacts of a queue in service order (best first).</summary>
    public async Task<IReadOnlyList<string>> GetWaitingAsync(string tenant, string queue, int take, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var items = await Db.SortedSetRangeByRankAsync(new RoutingKeys(tenant).Queue(queue), 0, take - 1).ConfigureAwait(false);
        return [.. items.Select(i => (string)i!)];
    }

    /// <summary>
    /// Every queue of the tenant that ever held a contact with how many contacts wait in it now:
    /// one SMEMBERS and one ZCARD per queue, no scan.
    /// </summary>
    public async Task<IReadOnlyList<(string Queue, long Waiting)>> CountAllWaitingAsync(string tenant, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var keys = new RoutingKeys(tenant);
        var names = await Db.SetMembersAsync(keys.QueueNames).ConfigureAwait(false);
        var batch = Db.CreateBatch();
        var counts = names.Select(n => (Queue: (string)n!, Count: batch.SortedSetLengthAsync(keys.Queue(n!)))).ToList();
        batch.Execute();
        var result = new List<(string, long)>(counts.Count);
        foreach (var (queue, count) in counts)
        {
            result.Add((queue, await count.ConfigureAwait(false)));
        }

        return result;
    }

    /// <summary>The channel a contact came on ("" when unknown).</summary>
    public async Task<string> GetChannelAsync(string tenant, string contactId)
    {
        var channel = await Db.HashGetAsync(new RoutingKeys(tenant).Contact(contactId), ContactFields.Channel).ConfigureAwait(false);
        return channel.IsNull ? "" : (string)channel!;
    }

    public Task<long> CountWaitingAsync(string tenant, string queue, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Db.SortedSetLengthAsync(new RoutingKeys(tenant).Queue(queue));
    }
}
