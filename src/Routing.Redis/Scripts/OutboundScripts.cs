using System.Globalization;
using Routing.Redis.Outbound;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>The KEYS, ARGV and reply of the outbound scripts (outbound_queue, _claim, _ack, _sweep).</summary>
internal static class OutboundScripts
{
    public static RedisKey[] QueueKeys(QueueDeliveryCommand command)
    {
        var keys = new RoutingKeys(command.Tenant);
        var m = command.Message;
        RedisKey[] own = m.ContactId.Length > 0
            ? [keys.Delivery(m.DeliveryId), keys.Outbox(m.Channel), keys.DeliverySource(command.Source, command.ExternalId), keys.Contact(m.ContactId), keys.Timeline(m.ContactId)]
            : [keys.Delivery(m.DeliveryId), keys.Outbox(m.Channel), keys.DeliverySource(command.Source, command.ExternalId)];
        return ScriptArgs.Keys(keys, own);
    }

    public static RedisValue[] QueueArgs(QueueDeliveryCommand command, string settings)
    {
        var m = command.Message;
        return ScriptArgs.Engine(command.Now, command.Node, settings, m.DeliveryId, m.Channel, m.To, m.ConversationId, m.ContactId, m.CustomerId, m.Text,
            string.Join('\n', m.Attachments), m.AgentId, m.Kind, command.Reason, (long)command.SourceRetention.TotalMilliseconds);
    }

    public static QueueDeliveryResult DecodeQueue(RedisResult result)
    {
        var reply = (RedisResult[])result!;
        return (string)reply[0]! switch
        {
            "queued" => new QueueDeliveryResult(QueueDeliveryOutcome.Queued, (string)reply[1]!),
            "existing" => new QueueDeliveryResult(QueueDeliveryOutcome.Existing, (string)reply[1]!),
            "not_assigned" => new QueueDeliveryResult(QueueDeliveryOutcome.NotAssigned, "", (string)reply[1]!),
            var other => throw new InvalidOperationException($"Unknown outbound_queue outcome '{other}'."),
        };
    }

    public static RedisKey[] ClaimKeys(string tenant, IReadOnlyList<string> channels)
    {
        var keys = new RoutingKeys(tenant);
        return ScriptArgs.Keys(keys, [.. channels.Select(keys.Outbox)], keys.DeliveriesInFlight);
    }

    public static RedisValue[] ClaimArgs(int max, DateTimeOffset ackBy, string stream, DateTimeOffset now, string node, string settings) =>
        ScriptArgs.Engine(now, node, settings, max, ScriptArgs.Ms(ackBy), stream);

    public static IReadOnlyList<ClaimedDelivery> DecodeClaim(RedisResult result, DateTimeOffset ackBy)
    {
        var items = (RedisResult[])result!;
        return [.. items.Select(i =>
        {
            var f = (RedisResult[])i!;
            string S(int n) => (string?)f[n] ?? "";
            var attachments = S(7).Length == 0 ? [] : S(7).Split('\n');
            return new ClaimedDelivery(new OutboundMessage(S(0), S(1), S(2), S(3), S(4), S(5), S(6), attachments, "", S(9)), (int)f[8], ackBy);
        })];
    }

    public static RedisKey[] AckKeys(string tenant, string deliveryId)
    {
        var keys = new RoutingKeys(tenant);
        return ScriptArgs.Keys(keys, [keys.Delivery(deliveryId)], keys.DeliveriesInFlight);
    }

    public static RedisValue[] AckArgs(string deliveryId, DeliveryAckOutcome outcome, string reason, TimeSpan retention, DateTimeOffset now, string node, string settings) =>
        ScriptArgs.Engine(now, node, settings, deliveryId, Word(outcome), reason, (long)retention.TotalMilliseconds);

    public static DeliveryAckReply DecodeAck(RedisResult result)
    {
        var r = (RedisResult[])result!;
        var found = (string)r[0]! != "not_found";
        return new DeliveryAckReply((string)r[0]! == "applied", found, found ? (string)r[1]! : "not_found", (string)r[2]!, (string)r[3]!, (string)r[4]!,
            int.Parse((string)r[5]!, CultureInfo.InvariantCulture));
    }

    public static RedisKey[] SweepKeys(string tenant)
    {
        var keys = new RoutingKeys(tenant);
        return ScriptArgs.Keys(keys, [], keys.DeliveriesInFlight);
    }

    public static RedisValue[] SweepArgs(int batch, DateTimeOffset now, string node, string settings) => ScriptArgs.Engine(now, node, settings, batch);

    public static DeliverySweepResult DecodeSweep(RedisResult result)
    {
        var r = (RedisResult[])result!;
        return new DeliverySweepResult((int)r[0], [.. ((RedisResult[])r[1]!).Select(c => (string)c!)]);
    }

    public static string Word(DeliveryAckOutcome outcome) => outcome switch
    {
        DeliveryAckOutcome.Delivered => "delivered",
        DeliveryAckOutcome.Failed => "failed",
        _ => "accepted",
    };
}
