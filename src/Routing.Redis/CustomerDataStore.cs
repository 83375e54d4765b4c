using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// Everything Redis holds about one customer, found through their threads (the customer thread, or
/// an unknown sender's address thread), never by scanning keys: the journey and conversations list
/// the contacts, each contact names its messages, timeline and idempotency record.
/// </summary>
public sealed class CustomerDataStore(IConnectionMultiplexer redis, EngineSettingsSource engine)
{
    public CustomerDataStore(IConnectionMultiplexer redis, EngineSettings engine)
        : this(redis, new EngineSettingsSource(engine))
    {
    }

    private string ScriptSettings => engine.Argument;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Cancels the thread's contacts in flight and deletes every key holding its data, in one script.</summary>
    public async Task<EraseReply> EraseThreadAsync(EraseCommand command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await LuaScripts.Erase.RunAsync(Db, EraseScript.Keys(command), EraseScript.Args(command, ScriptSettings), EraseScript.Decode, new ScriptTags(command.Tenant)).ConfigureAwait(false);
    }

    /// <summary>The thread as stored: its hash, journey, conversations and contacts with their messages and timelines (null when it holds nothing).</summary>
    public async Task<ThreadExport?> ExportThreadAsync(string tenant, string threadKey, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var keys = new RoutingKeys(tenant);
        var thread = await Db.HashGetAllAsync(keys.Thread(threadKey)).ConfigureAwait(false);
        var journey = await Db.SortedSetRangeByRankWithScoresAsync(keys.Journey(threadKey)).ConfigureAwait(false);
        if (thread.Length == 0 && journey.Length == 0)
        {
            return null;
        }

        var contactIds = journey.Select(j => (string)j.Element!).ToList();
        var conversationIds = new List<string>();
        var conversations = new List<StoredConversation>();

        async Task AddConversationAsync(string? id)
        {
            if (string.IsNullOrEmpty(id) || conversationIds.Contains(id))
            {
                return;
            }

            conversationIds.Add(id);
            var fields = await Db.HashGetAllAsync(keys.Conversation(id)).ConfigureAwait(false);
            var members = await Db.ListRangeAsync(keys.ConversationContacts(id)).ConfigureAwait(false);
            conversations.Add(new StoredConversation(id, ToDictionary(fields), [.. members.Select(m => (string)m!)]));
            contactIds.AddRange(members.Select(m => (string)m!).Where(m => !contactIds.Contains(m)));
        }

        await AddConversationAsync(thread.FirstOrDefault(e => e.Name == "conv").Value).ConfigureAwait(false);
        var contacts = new List<StoredContactData>();
        for (var i = 0; i < contactIds.Count; i++)
        {
            var id = contactIds[i];
            // The export shows the CRM snapshot the contact was routed with in its "crm" field, wherever it is stored.
            if (await ContactHash.ReadAsync(Db, keys, id).ConfigureAwait(false) is not { } fields)
            {
                continue;
            }

            await AddConversationAsync(fields.GetValueOrDefault(ContactFields.Conversation)).ConfigureAwait(false);
            var messages = await Db.ListRangeAsync(keys.MergedMessages(id)).ConfigureAwait(false);
            var timeline = await Db.ListRangeAsync(keys.Timeline(id)).ConfigureAwait(false);
            contacts.Add(new StoredContactData(id, fields, [.. messages.Select(m => (string)m!)], [.. timeline.Select(t => (string)t!)]));
        }

        return new ThreadExport(
            threadKey,
            ToDictionary(thread),
            [.. journey.Select(j => new JourneyStep((string)j.Element!, DateTimeOffset.FromUnixTimeMilliseconds((long)j.Score)))],
            conversations,
            contacts);
    }

    private static Dictionary<string, string> ToDictionary(HashEntry[] entries) =>
        entries.ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal);
}
