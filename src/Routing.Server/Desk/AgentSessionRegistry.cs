using System.Collections.Concurrent;

namespace Routing.Server.Desk;

/// <summary>The agent sessions held by this node, by session id (events are addressed to a session, not just an agent).</summary>
public sealed class AgentSessionRegistry
{
    private readonly ConcurrentDictionary<string, AgentSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<AgentSession> _unrecordedEnds = new();

    public int Count => _sessions.Count;

    public void Add(AgentSession session) => _sessions[session.SessionId] = session;

    public void Remove(AgentSession session) => _sessions.TryRemove(new KeyValuePair<string, AgentSession>(session.SessionId, session));

    public AgentSession? Find(string sessionId) => _sessions.GetValueOrDefault(sessionId);

    public IReadOnlyList<AgentSession> All => [.. _sessions.Values];

    /// <summary>
    /// A session that ended while Redis could not record it: until it is recorded, Redis holds the
    /// agent as connected with no desk behind it (offered work, never answered). <see cref="OfferResync"/>
    /// records it on its next pass; recording is idempotent (a session that is no longer the agent's
    /// live one changes nothing), so retrying after a lost reply is safe.
    /// </summary>
    public void RecordEndLater(AgentSession session) => _unrecordedEnds.Enqueue(session);

    public bool TryTakeUnrecordedEnd([System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out AgentSession session) => _unrecordedEnds.TryDequeue(out session);
}
