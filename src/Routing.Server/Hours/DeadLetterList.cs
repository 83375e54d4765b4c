using Google.Protobuf.WellKnownTypes;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.Grpc;

namespace Routing.Server.Hours;

/// <summary>Supervisor.ListDeadLetters: the waiting contacts no logged-in agent can serve.</summary>
public sealed class DeadLetterList(DeadLetterStore store, TimeProvider time)
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public async Task<ListDeadLettersResponse> ListAsync(string tenant, ListDeadLettersRequest request, CancellationToken cancellationToken)
    {
        if (request.Limit is < 0 or > MaxLimit)
        {
            Core.Errors.RoutingErrors.InvalidArgument("limit", $"is 0 (default {DefaultLimit}) to {MaxLimit}");
        }

        var now = time.GetUtcNow();
        var letters = await store.ListAsync(tenant, request.Queue.Trim(), request.Limit == 0 ? DefaultLimit : request.Limit, cancellationToken).ConfigureAwait(false);
        var response = new ListDeadLettersResponse();
        foreach (var d in letters)
        {
            var letter = new Protos.V1.DeadLetter
            {
                ContactId = d.ContactId,
                Queue = d.Queue,
                Channel = d.Channel,
                Waited = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(Math.Max(0, (now - d.EnqueuedAt).TotalMilliseconds))),
                FlaggedAt = ProtoMapper.ToTimestamp(d.FlaggedAt),
                Why = d.Why,
            };
            letter.Skills.Add(d.Skills);
            response.DeadLetters.Add(letter);
        }

        return response;
    }
}
