using Microsoft.Extensions.Options;
using Routing.Server.Configuration;

namespace Routing.Server.Desk;

/// <summary>
/// Ends every desk session on this node that has been silent for three heartbeat intervals. One
/// timer for the node, not one per session: an idle desk stream then costs no timer, no pending
/// task and no wake-up of its own (BENCHMARKS.md, d), and the check is the same as before, on the
/// same period (a sixth of the limit, 50 ms to 1 s), for every session once its welcome is sent.
/// </summary>
public sealed class HeartbeatWatch(
    AgentSessionRegistry sessions,
    TimeProvider time,
    IOptions<EngineOptions> options,
    ILogger<HeartbeatWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var limit = options.Value.HeartbeatInterval * 3;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(limit.TotalMilliseconds / 6, 50, 1000));
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var session in sessions.Each())
                {
                    if (session.HeartbeatsWatched && !session.Ending.IsCancellationRequested && session.SilentFor > limit)
                    {
                        DeskLog.HeartbeatTimeout(logger, session.AgentId, session.SessionId, session.SilentFor);
                        session.End("no heartbeat");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
