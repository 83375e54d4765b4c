namespace Routing.Server.Supervisor;

/// <summary>One watcher's hold on its tenant's board.</summary>
public sealed class BoardLease(QueueBoards boards, TenantBoard board) : IDisposable
{
    private int _disposed;

    public TenantBoard Board { get; } = board;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            boards.Release(Board);
        }
    }
}
