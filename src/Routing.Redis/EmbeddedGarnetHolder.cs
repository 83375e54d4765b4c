namespace Routing.Redis;

/// <summary>Owns the embedded Garnet (if one is started) so the container disposes it at shutdown.</summary>
internal sealed class EmbeddedGarnetHolder(RedisOptions options) : IDisposable
{
    private readonly Lock _gate = new();
    private EmbeddedGarnet? _garnet;

    public EmbeddedGarnet Start()
    {
        lock (_gate)
        {
            return _garnet ??= new EmbeddedGarnet(options.Embedded);
        }
    }

    public void Dispose() => _garnet?.Dispose();
}
