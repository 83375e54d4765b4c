using Microsoft.Extensions.Options;
using Routing.Redis;

namespace Routing.Server.Supervisor;

/// <summary>
/// The boards of the tenants someone watches on this node: a tenant's board polls while it has at
/// least one watcher, whatever their number, and stops with the last.
/// </summary>
public sealed class QueueBoards(QueueFiguresStore store, TenantTimeZones zones, QueueGoals goals, TimeProvider time, IOptionsMonitor<SupervisorOptions> options, ILogger<QueueBoards> logger, AgentStates.AgentReasonCodes? reasons = null)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (TenantBoard Board, CancellationTokenSource Stop, int Watchers)> _boards = new(StringComparer.Ordinal);

    /// <summary>The tenant's board, polling until the returned lease is disposed by its last holder.</summary>
    public BoardLease Watch(string tenant)
    {
        lock (_gate)
        {
            if (_boards.TryGetValue(tenant, out var entry))
            {
                _boards[tenant] = entry with { Watchers = entry.Watchers + 1 };
                return new BoardLease(this, entry.Board);
            }

            var board = new TenantBoard(tenant, store, zones, goals, time, options, logger) { ReasonLabel = reasons is null ? null : reasons.LabelOf };
            var stop = new CancellationTokenSource();
            _boards[tenant] = (board, stop, 1);
            _ = Task.Run(() => board.RunAsync(stop.Token));
            return new BoardLease(this, board);
        }
    }

    /// <summary>Tenants with a polling board on this node (for tests and diagnostics).</summary>
    public int ActiveBoards
    {
        get
        {
            lock (_gate)
            {
                return _boards.Count;
            }
        }
    }

    internal void Release(TenantBoard board)
    {
        CancellationTokenSource? stop = null;
        lock (_gate)
        {
            if (_boards.TryGetValue(board.Tenant, out var entry) && entry.Board == board)
            {
                if (entry.Watchers > 1)
                {
                    _boards[board.Tenant] = entry with { Watchers = entry.Watchers - 1 };
                }
                else
                {
                    _boards.Remove(board.Tenant);
                    stop = entry.Stop;
                }
            }
        }

        if (stop is not null)
        {
            stop.Cancel();
            stop.Dispose();
        }
    }
}
