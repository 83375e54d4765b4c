using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Routing.Protos.V1;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>A WatchQueues call read in the background: the latest figures per queue and agent, and when each message arrived.</summary>
internal sealed class QueueWatcher : IAsyncDisposable
{
    private readonly AsyncServerStreamingCall<WatchQueuesResponse> _call;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private readonly object _gate = new();
    private readonly List<(long At, WatchQueuesResponse Message)> _messages = [];
    private readonly Dictionary<string, QueueStats> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentState> _agents = new(StringComparer.Ordinal);

    private QueueWatcher(AsyncServerStreamingCall<WatchQueuesResponse> call)
    {
        _call = call;
        _reader = Task.Run(ReadAsync);
    }

    public static QueueWatcher Start(GrpcChannel channel, WatchQueuesRequest? request = null, Metadata? headers = null) =>
        new(new Protos.V1.Supervisor.SupervisorClient(channel).WatchQueues(request ?? new WatchQueuesRequest(), headers));

    public IReadOnlyList<WatchQueuesResponse> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages.Select(m => m.Message)];
            }
        }
    }

    public Task ReaderTask => _reader;

    /// <summary>
    /// Waits for the first figures of the queue, received after <paramref name="since"/> (a
    /// Stopwatch timestamp), that satisfy the condition; returns them and how long after <paramref name="since"/> they arrived.
    /// </summary>
    public async Task<(QueueStats Stats, TimeSpan After)> QueueAsync(string queue, Func<QueueStats, bool> condition, long since = 0)
    {
        (QueueStats Stats, long At)? found = null;
        await Eventually.TrueAsync(() =>
        {
            lock (_gate)
            {
                found = _messages
                    .Where(m => m.At >= since)
                    .Select(m => (Stats: m.Message.QueueChanged ?? m.Message.Snapshot?.Queues.FirstOrDefault(q => q.Queue == queue), m.At))
                    .Where(m => m.Stats is not null && m.Stats.Queue == queue && condition(m.Stats))
                    .Select(m => ((QueueStats, long)?)(m.Stats!, m.At))
                    .FirstOrDefault();
            }

            return Task.FromResult(found is not null || _reader.IsCompleted);
        }, TestTimeout.Short, $"queue {queue} never reached the expected figures");
        Assert.True(found is not null, $"queue {queue} never reached the expected figures: {_reader.Exception}");
        return (found.Value.Stats, since == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(since, found.Value.At));
    }

    public async Task<AgentState> AgentAsync(string agentId, Func<AgentState, bool> condition)
    {
        AgentState? found = null;
        await Eventually.TrueAsync(() =>
        {
            lock (_gate)
            {
                found = _agents.GetValueOrDefault(agentId) is { } a && condition(a) ? a : null;
            }

            return Task.FromResult(found is not null);
        }, TestTimeout.Short, $"agent {agentId} never reached the expected state");
        return found!;
    }

    public async Task<QueueBoard> SnapshotAsync()
    {
        QueueBoard? board = null;
        await Eventually.TrueAsync(() =>
        {
            lock (_gate)
            {
                board = _messages.Select(m => m.Message.Snapshot).FirstOrDefault(s => s is not null);
            }

            return Task.FromResult(board is not null || _reader.IsCompleted);
        }, TestTimeout.Short, "no snapshot");
        return board ?? throw new InvalidOperationException("the stream ended without a snapshot", _reader.Exception);
    }

    private async Task ReadAsync()
    {
        await foreach (var message in _call.ResponseStream.ReadAllAsync(_stop.Token))
        {
            lock (_gate)
            {
                _messages.Add((Stopwatch.GetTimestamp(), message));
                switch (message.KindCase)
                {
                    case WatchQueuesResponse.KindOneofCase.Snapshot:
                        _queues.Clear();
                        _agents.Clear();
                        foreach (var q in message.Snapshot.Queues) { _queues[q.Queue] = q; }
                        foreach (var a in message.Snapshot.Agents) { _agents[a.AgentId] = a; }
                        break;
                    case WatchQueuesResponse.KindOneofCase.QueueChanged:
                        _queues[message.QueueChanged.Queue] = message.QueueChanged;
                        break;
                    case WatchQueuesResponse.KindOneofCase.AgentChanged:
                        _agents[message.AgentChanged.AgentId] = message.AgentChanged;
                        break;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _call.Dispose();
        try
        {
            await _reader.WaitAsync(TestTimeout.Short);
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException)
        {
        }

        _stop.Dispose();
    }
}
