using System.Collections.Concurrent;

namespace Routing.Server.Desk;

/// <summary>The agent sessions held by this node, by session id (events are addressed to a session, not just an agent).</summary>
public sealed class AgentSessionRegistry
{
    private readonly ConcurrentDictionary<string, AgentSession> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    public void Add(AgentSession session) => _sessions[session.SessionId] = session;

    public void Remove(AgentSession session) => _sessions.TryRemove(new KeyValuePair<string, AgentSession>(session.SessionId, session));

    public AgentSession? Find(string sessionId) => _sessions.GetValueOrDefault(sessionId);

    public IReadOnlyList<AgentSession> All => [.. _sessions.Values];
}
