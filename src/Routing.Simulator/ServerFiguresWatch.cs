using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Routing.Protos.V1;

namespace Routing.Simulator;

/// <summary>
/// The server's own figures next to the simulator's: one Supervisor.WatchQueues call (all queues, no
/// agents) kept open for the run, its latest figures per queue summed into one line. What the
/// simulator counts and what the server counts should tell the same story; a gap is worth a look.
/// </summary>
public sealed class ServerFiguresWatch
{
    private readonly object _gate = new();
    private readonly Dictionary<string, QueueStats> _queues = new(StringComparer.Ordinal);
    private string? _error;

    /// <summary>True once the server's first snapshot arrived.</summary>
    public bool Live { get; private set; }

    /// <summary>Watches until <paramref name="stop"/> fires; a refused call (no supervisor role, an old server) only says so in the line.</summary>
    public async Task RunAsync(GrpcChannel channel, Metadata headers, CancellationToken stop)
    {
        try
        {
            using var call = new Routing.Protos.V1.Supervisor.SupervisorClient(channel).WatchQueues(new WatchQueuesRequest(), headers, cancellationToken: stop);
            await foreach (var message in call.ResponseStream.ReadAllAsync(stop).ConfigureAwait(false))
            {
                lock (_gate)
                {
                    if (message.Snapshot is { } snapshot)
                    {
                        _queues.Clear();
                        foreach (var q in snapshot.Queues)
                        {
                            _queues[q.Queue] = q;
                        }

                        Live = true;
                    }
                    else if (message.QueueChanged is { } queue)
                    {
                        _queues[queue.Queue] = queue;
                    }
                }
            }
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
        {
            _error = ex.StatusCode.ToString();
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException && stop.IsCancellationRequested)
        {
            // The run ended.
        }
    }

    /// <summary>
    /// "server: waiting 12 oldest 3 s offered 140 assigned 120 handled 118 abandoned 2 SL 97.5 %":
    /// waiting now across the tenant's queues, the longest wait, today's counters, and today's service
    /// level over all queues (answered within target ÷ (assigned + abandoned)).
    /// </summary>
    public string Line()
    {
        if (_error is not null)
        {
            return "server: " + _error;
        }

        List<QueueStats> queues;
        lock (_gate)
        {
            if (!Live)
            {
                return "server: connecting";
            }

            queues = [.. _queues.Values];
        }

        var answered = queues.Sum(q => q.Today?.Assigned ?? 0);
        var abandoned = queues.Sum(q => q.Today?.Abandoned ?? 0);
        var within = queues.Sum(q => q.Today?.AnsweredWithinTarget ?? 0);
        var level = answered + abandoned == 0 ? 100 : 100.0 * within / (answered + abandoned);
        var oldest = queues.Select(q => q.OldestWait?.ToTimeSpan() ?? TimeSpan.Zero).DefaultIfEmpty().Max();
        return string.Create(CultureInfo.InvariantCulture,
            $"server: waiting {queues.Sum(q => q.Waiting)} oldest {oldest.TotalSeconds:F0} s offered {queues.Sum(q => q.Offered)} assigned {queues.Sum(q => q.Assigned)} handled {queues.Sum(q => q.Handled)} abandoned {queues.Sum(q => q.Abandoned)} SL {level:F1} %");
    }
}
