using System.Threading.Channels;
using Routing.Protos.V1;

namespace Routing.Server.Desk;

/// <summary>
/// One agent desk stream on this node. Everything sent to the desk goes through <see cref="Send"/>
/// into one outbox drained by a single writer (a gRPC stream allows one write at a time). The
/// welcome goes first: the session is registered (so no offer made meanwhile is lost) before the
/// welcome is built, and anything pushed in that window waits behind it.
/// The outbox is bounded (<paramref name="outboxCapacity"/> messages): a desk that does not read
/// what it is sent must not grow this node's memory without end. When it is full the session is
/// ended as <see cref="Overflowed"/>, and what is still queued is abandoned, not written.
/// </summary>
public sealed class AgentSession(string tenant, string agentId, string sessionId, TimeProvider time, int outboxCapacity = 1024)
{
    private readonly Channel<ConnectResponse> _outbox = Channel.CreateBounded<ConnectResponse>(
        new BoundedChannelOptions(outboxCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _ending = new();
    private readonly CancellationTokenSource _abandoned = new();
    private readonly Lock _welcomeGate = new();
    private List<ConnectResponse>? _beforeWelcome = [];

    // The offers open here and the ones answered lately, all under _offerGate. An idle desk (most of
    // a node's desks, most of the time) has none, so the collections are made on first use: the
    // idle session is what every desk stream costs this node (BENCHMARKS.md, d).
    private readonly Lock _offerGate = new();
    private Dictionary<string, Offer>? _offers;
    private Queue<string>? _closedOrder;
    private HashSet<string>? _closed;
    private readonly long _started = time.GetTimestamp();
    private long _lastSeen = time.GetTimestamp();
    private bool _ended;
    private bool _heartbeatsWatched;

    public string Tenant { get; } = tenant;

    /// <summary>A supervisor's desk may transfer to any queue; an agent's only to the queues of the routing rules.</summary>
    public bool MayTransferToAnyQueue { get; init; }

    public string AgentId { get; } = agentId;

    public string SessionId { get; } = sessionId;

    /// <summary>Why the session ended, if the server ended it.</summary>
    public string? EndReason { get; private set; }

    /// <summary>Cancelled when the server ends the session (replaced, heartbeats stopped, no longer current).</summary>
    public CancellationToken Ending => _ending.Token;

    public ChannelReader<ConnectResponse> Outbox => _outbox.Reader;

    /// <summary>Cancelled when the desk fell so far behind that its outbox filled: what is queued is not written.</summary>
    public CancellationToken Abandoned => _abandoned.Token;

    /// <summary>True once the session was ended because the desk did not read what it was sent (its outbox filled).</summary>
    public bool Overflowed { get; private set; }

    public TimeSpan Age => time.GetElapsedTime(_started);

    public TimeSpan SilentFor => time.GetElapsedTime(Interlocked.Read(ref _lastSeen));

    public void Touch() => Interlocked.Exchange(ref _lastSeen, time.GetTimestamp());

    /// <summary>True once the welcome is sent: from then on <see cref="HeartbeatWatch"/> ends the session when the desk falls silent.</summary>
    public bool HeartbeatsWatched => Volatile.Read(ref _heartbeatsWatched);

    public void WatchHeartbeats() => Volatile.Write(ref _heartbeatsWatched, true);

    /// <summary>
    /// Sends an offer to the desk and keeps it, so its acceptance can answer without reading the contact
    /// again; false, and nothing sent, when this desk already has it or it was closed meanwhile. The check
    /// and the send are one step under the lock <see cref="Forget"/> takes: an offer closed by an accept
    /// (its bundle accepted through another offer) is never sent after that accept's Assigned.
    /// </summary>
    public bool SendOffer(Offer offer)
    {
        lock (_offerGate)
        {
            if (_closed?.Contains(offer.OfferId) == true || !(_offers ??= new(StringComparer.Ordinal)).TryAdd(offer.OfferId, offer))
            {
                return false;
            }

            return Send(new ConnectResponse { Offer = offer });
        }
    }

    /// <summary>
    /// True if this desk was sent the offer: open here, or answered or revoked lately. An offer read
    /// back from Redis just before the desk answered it must not be sent again after the answer.
    /// </summary>
    public bool Knows(string offerId)
    {
        lock (_offerGate)
        {
            return _offers?.ContainsKey(offerId) == true || _closed?.Contains(offerId) == true;
        }
    }

    /// <summary>The offer this desk was sent, if it is still open here; removes it. Closes it either way: it is not sent after this.</summary>
    public Offer? Forget(string offerId)
    {
        lock (_offerGate)
        {
            // The last few hundred answered offers are enough: a resend races an answer by milliseconds.
            _closed ??= new(StringComparer.Ordinal);
            _closedOrder ??= new();
            if (_closed.Add(offerId))
            {
                _closedOrder.Enqueue(offerId);
                if (_closedOrder.Count > 256)
                {
                    _closed.Remove(_closedOrder.Dequeue());
                }
            }

            return _offers is not null && _offers.Remove(offerId, out var offer) ? offer : null;
        }
    }

    /// <summary>
    /// Queues a message for the desk; false once the session has ended. Until the welcome is sent,
    /// other messages wait behind it. Never blocks: a full outbox ends the session (<see cref="Overflowed"/>).
    /// </summary>
    public bool Send(ConnectResponse message)
    {
        if (Volatile.Read(ref _beforeWelcome) is not null)
        {
            lock (_welcomeGate)
            {
                if (_beforeWelcome is not null)
                {
                    if (message.KindCase != ConnectResponse.KindOneofCase.Welcome)
                    {
                        if (_beforeWelcome.Count >= outboxCapacity)
                        {
                            return Overflow();
                        }

                        _beforeWelcome.Add(message);
                        return !_ending.IsCancellationRequested;
                    }

                    var sent = Write(message);
                    foreach (var held in _beforeWelcome)
                    {
                        Write(held);
                    }

                    Volatile.Write(ref _beforeWelcome, null);
                    return sent;
                }
            }
        }

        return Write(message);
    }

    private bool Write(ConnectResponse message) => _outbox.Writer.TryWrite(message) || Overflow();

    /// <summary>The desk is not reading: end the session now and drop what it was never going to read.</summary>
    private bool Overflow()
    {
        // A write refused because the session already ended is not an overflow.
        if (Volatile.Read(ref _ended))
        {
            return false;
        }

        var reason = $"desk too slow: {outboxCapacity} messages waiting to be written";
        EndReason ??= reason;
        Overflowed = true;
        try
        {
            _abandoned.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        End(reason);
        return false;
    }

    /// <summary>Ends the session after what is queued has been written.</summary>
    public void End(string reason)
    {
        EndReason ??= reason;
        Volatile.Write(ref _ended, true);
        _outbox.Writer.TryComplete();
        try
        {
            _ending.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
