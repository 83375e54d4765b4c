using System.Collections.Concurrent;

namespace Routing.Server.Desk;

/// <summary>The agent sessions held by this node, by session id (events are addressed to a session, not just an agent).</summary>
public sealed class AgentSessionRegistry
{
    private readonly ConcurrentDictionary<string, AgentSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<AgentSession> _unrecordedEnds = new();
    private readonly Lock _counting = new();
    private readonly Dictionary<string, int> _byTenant = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Tenant, string Agent), int> _byAgent = [];

    public int Count => _sessions.Count;

    public void Add(AgentSession session) => TryAdd(session, 0);

    /// <summary>
    /// Adds the session unless its tenant already holds <paramref name="maxPerTenant"/> streams here
    /// (0 = no limit). An agent that already has a stream here may always connect again: its new
    /// session replaces the old one, so the count does not grow for long.
    /// </summary>
    public bool TryAdd(AgentSession session, int maxPerTenant)
    {
        lock (_counting)
        {
            var agent = (session.Tenant, session.AgentId);
            var held = _byTenant.GetValueOrDefault(session.Tenant);
            if (maxPerTenant > 0 && held >= maxPerTenant && !_byAgent.ContainsKey(agent))
            {
                return false;
            }

            _sessions[session.SessionId] = session;
            _byTenant[session.Tenant] = held + 1;
            _byAgent[agent] = _byAgent.GetValueOrDefault(agent) + 1;
            return true;
        }
    }

    public void Remove(AgentSession session)
    {
        lock (_counting)
        {
            if (!_sessions.TryRemove(new KeyValuePair<string, AgentSession>(session.SessionId, session)))
            {
                return;
            }

            Decrement(_byTenant, session.Tenant);
            Decrement(_byAgent, (session.Tenant, session.AgentId));
        }
    }

    /// <summary>The desk streams a tenant holds on this node.</summary>
    public int CountFor(string tenant)
    {
        lock (_counting)
        {
            return _byTenant.GetValueOrDefault(tenant);
        }
    }

    private static void Decrement<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull
    {
        if (counts.TryGetValue(key, out var n) && n > 1)
        {
            counts[key] = n - 1;
        }
        else
        {
            counts.Remove(key);
        }
    }

    public AgentSession? Find(string sessionId) => _sessions.GetValueOrDefault(sessionId);

    public IReadOnlyList<AgentSession> All => [.. _sessions.Values];

    /// <summary>The sessions held here, read as they are (no copy, no locks taken): for a periodic pass over every one.</summary>
    public IEnumerable<AgentSession> Each()
    {
        foreach (var pair in _sessions)
        {
            yield return pair.Value;
        }
    }

    /// <summary>
    /// A session that ended while Redis could not record it: until it is recorded, Redis holds the
    /// agent as connected with no desk behind it (offered work, never answered). <see cref="OfferResync"/>
    /// records it on its next pass; recording is idempotent (a session that is no longer the agent's
    /// live one changes nothing), so retrying after a lost reply is safe.
    /// </summary>
    public void RecordEndLater(AgentSession session) => _unrecordedEnds.Enqueue(session);

    public bool TryTakeUnrecordedEnd([System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out AgentSession session) => _unrecordedEnds.TryDequeue(out session);
}
