namespace Routing.Server.Desk;

/// <summary>
/// A graceful stop (SIGTERM) ends every desk stream at once, before Kestrel starts waiting for
/// open requests: each session returns its offers to the queue (assignments wait for the agent's
/// reconnect, on another node), and the desk hears UNAVAILABLE so it reconnects. Without this,
/// the streams would hold the stop for Kestrel's whole shutdown timeout, offers with them.
/// </summary>
public sealed class DeskShutdown(IHostApplicationLifetime lifetime, AgentSessionRegistry sessions) : IHostedService
{
    public const string Reason = "server shutting down";

    private CancellationTokenRegistration _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = lifetime.ApplicationStopping.Register(EndAll);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        EndAll();
        return Task.CompletedTask;
    }

    private void EndAll()
    {
        foreach (var session in sessions.All)
        {
            session.End(Reason);
        }
    }
}
