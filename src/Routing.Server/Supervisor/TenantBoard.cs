using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Routing.Redis;

namespace Routing.Server.Supervisor;

/// <summary>
/// A tenant's board on this node: one poll of Redis every <see cref="SupervisorOptions.PollInterval"/>
/// while anyone watches, its result shared by every watcher. Redis is the source, so a watcher on
/// this node sees what every node did. A watcher holds only the latest board (and the one it last
/// wrote), never a queue of changes: a watcher that stops reading costs no more memory than one that reads.
/// </summary>
public sealed class TenantBoard(string tenant, QueueFiguresStore store, TenantTimeZones zones, QueueGoals goals, TimeProvider time, IOptionsMonitor<SupervisorOptions> options, ILogger logger)
{
    private readonly object _gate = new();

    /// <summary>The label of a reason code (Agents:ReasonCodes, read at use time); null: no labels.</summary>
    public Func<string, string>? ReasonLabel { get; init; }

    private TaskCompletionSource<BoardFrame> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private BoardFrame? _latest;
    private long _sequence;

    public string Tenant { get; } = tenant;

    /// <summary>The latest board newer than <paramref name="seen"/> (waits for the next read if there is none).</summary>
    public Task<BoardFrame> NextAsync(long seen, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_latest is { } latest && latest.Sequence > seen)
            {
                return Task.FromResult(latest);
            }

            return _next.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Polls until <paramref name="stop"/> fires (the last watcher left or the server stops).</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.CurrentValue.PollInterval, time);
        do
        {
            try
            {
                Publish(await ReadAsync().ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                SupervisorLog.BoardReadFailed(logger, Tenant, ex.Message);
            }
        }
        while (await WaitAsync(timer, stop).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<BoardFrame> ReadAsync()
    {
        var now = time.GetUtcNow();
        var (queues, agents) = await store.ReadAsync(Tenant, [], includeAgents: true, zones.For(Tenant), now, options.CurrentValue.LongestWaitingContacts).ConfigureAwait(false);
        return new BoardFrame(
            0,
            Timestamp.FromDateTimeOffset(now),
            queues.ToDictionary(q => q.Queue, q => goals.Apply(BoardMapper.ToStats(q, now)), StringComparer.Ordinal),
            agents.ToDictionary(a => a.AgentId, a => BoardMapper.ToAgent(a, ReasonLabel), StringComparer.Ordinal),
            agents.ToDictionary(a => a.AgentId, a => a.Queues, StringComparer.Ordinal));
    }

    private void Publish(BoardFrame frame)
    {
        TaskCompletionSource<BoardFrame> waiting;
        lock (_gate)
        {
            _latest = frame with { Sequence = ++_sequence };
            waiting = _next;
            _next = new TaskCompletionSource<BoardFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        waiting.TrySetResult(_latest);
    }
}
