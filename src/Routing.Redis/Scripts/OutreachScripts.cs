using System.Globalization;
using Routing.Redis.Outbound;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>The KEYS, ARGV and reply of the outreach scripts (outreach_queue, outreach_release).</summary>
internal static class OutreachScripts
{
    public static RedisKey[] QueueKeys(OutreachQueueCommand command)
    {
        var keys = new RoutingKeys(command.Tenant);
        var m = command.Message;
        return ScriptArgs.Keys(
            keys,
            [keys.Delivery(m.DeliveryId), keys.Outbox(m.Channel), keys.DeliverySource(command.Source, command.ExternalId), keys.OutreachSent(m.CustomerId), keys.OutreachContent(m.CustomerId)],
            keys.DeferredOutreach);
    }

    public static RedisValue[] QueueArgs(OutreachQueueCommand command, string settings)
    {
        var m = command.Message;
        var limits = string.Join(',', command.Limits.Where(l => l.Count > 0 && l.Window > TimeSpan.Zero)
            .Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Count}:{(long)l.Window.TotalMilliseconds}")));
        var periods = string.Join(',', command.Periods.Select(p => string.Create(CultureInfo.InvariantCulture, $"{ScriptArgs.Ms(p.Start)}:{ScriptArgs.Ms(p.End)}")));
        return ScriptArgs.Engine(command.Now, command.Node, settings, m.DeliveryId, m.Channel, m.To, m.ConversationId, m.CustomerId, m.Text,
            string.Join('\n', m.Attachments), command.Reason, (long)command.SourceRetention.TotalMilliseconds, command.ContentHash,
            (long)command.DuplicateWindow.TotalMilliseconds, command.Defer ? 1 : 0, limits, periods);
    }

    public static OutreachQueueResult DecodeQueue(RedisResult result)
    {
        var r = (RedisResult[])result!;
        DateTimeOffset? At(int i) => r.Length > i && long.TryParse((string?)r[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        return (string)r[0]! switch
        {
            "queued" => new OutreachQueueResult(OutreachQueueOutcome.Queued, (string)r[1]!, At(2)),
            "deferred" => new OutreachQueueResult(OutreachQueueOutcome.Deferred, (string)r[1]!, At(2), (string)r[3]!),
            "existing" => new OutreachQueueResult(OutreachQueueOutcome.Existing, (string)r[1]!, null),
            "duplicate" => new OutreachQueueResult(OutreachQueueOutcome.Duplicate, (string)r[1]!, null),
            "limited" => new OutreachQueueResult(OutreachQueueOutcome.Limited, "", At(1)),
            var other => throw new InvalidOperationException($"Unknown outreach_queue outcome '{other}'."),
        };
    }

    public static RedisKey[] ReleaseKeys(string tenant)
    {
        var keys = new RoutingKeys(tenant);
        return ScriptArgs.Keys(keys, [], keys.DeferredOutreach);
    }

    public static RedisValue[] ReleaseArgs(int batch, TimeSpan retention, DateTimeOffset now, string node, string settings) =>
        ScriptArgs.Engine(now, node, settings, batch, (long)retention.TotalMilliseconds);
}
