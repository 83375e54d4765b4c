namespace Routing.Server.Outbound;

/// <summary>One gateway stream's wake-up: its tenant and channels, and a signal it waits on.</summary>
public sealed class GatewayWakeUp(string tenant, IReadOnlySet<string> channels)
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public string Tenant { get; } = tenant;

    public IReadOnlySet<string> Channels { get; } = channels;

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers any number.
        }
    }

    /// <summary>Waits for a wake-up or <paramref name="timeout"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
