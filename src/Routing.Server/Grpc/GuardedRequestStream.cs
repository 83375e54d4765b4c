using Grpc.Core;

namespace Routing.Server.Grpc;

/// <summary>A request stream that checks each message as it is read (see <see cref="MalformedRequests"/>).</summary>
internal sealed class GuardedRequestStream<T>(IAsyncStreamReader<T> inner, Action<T> check) : IAsyncStreamReader<T>
{
    public T Current => inner.Current;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (!await inner.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        check(inner.Current);
        return true;
    }
}
