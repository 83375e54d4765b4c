using Grpc.Core;
using Microsoft.Extensions.Options;
using Routing.Protos.V1;

namespace Routing.Server.Supervisor;

/// <summary>
/// One WatchQueues call: a snapshot of the board (the queues asked for, all by default, and their
/// agents when asked), then, for each newer board, the queues and agents that changed. The call's
/// loop is the stream's only writer; it diffs the latest board against the last one it wrote, so
/// changes coalesce while a write waits on a slow reader, and a reader that missed
/// <see cref="SupervisorOptions.SnapshotAfterMissedBoards"/> boards gets a fresh snapshot instead.
/// </summary>
public sealed class QueueWatch(QueueBoards boards, QueueGoals goals, IOptions<SupervisorOptions> options, TimeProvider time, IHostApplicationLifetime lifetime)
{
    public async Task RunAsync(string tenant, WatchQueuesRequest request, IServerStreamWriter<WatchQueuesResponse> responses, CancellationToken callToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(callToken, lifetime.ApplicationStopping);
        var token = cts.Token;
        var view = new BoardView(request, goals);
        using var lease = boards.Watch(tenant);
        try
        {
            var last = await lease.Board.NextAsync(0, token).ConfigureAwait(false);
            await responses.WriteAsync(new WatchQueuesResponse { Snapshot = view.Snapshot(last, time.GetUtcNow()) }, token).ConfigureAwait(false);
            while (true)
            {
                var next = await lease.Board.NextAsync(last.Sequence, token).ConfigureAwait(false);
                if (next.Sequence - last.Sequence > options.Value.SnapshotAfterMissedBoards)
                {
                    await responses.WriteAsync(new WatchQueuesResponse { Snapshot = view.Snapshot(next, time.GetUtcNow()) }, token).ConfigureAwait(false);
                }
                else
                {
                    foreach (var change in view.Changes(last, next, time.GetUtcNow()))
                    {
                        await responses.WriteAsync(change, token).ConfigureAwait(false);
                    }
                }

                last = next;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && token.IsCancellationRequested)
        {
            // The supervisor went away or the server is stopping.
        }
    }
}
