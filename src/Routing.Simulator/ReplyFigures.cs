using System.Globalization;
using System.Text;

namespace Routing.Simulator;

/// <summary>What became of the agents' replies, in all and per channel.</summary>
/// <param name="Sent">SendReply messages the desks wrote.</param>
/// <param name="Refused">Refused by the router (no permitted channel, or the contact no longer the agent's).</param>
/// <param name="Queued">Queued, as ReplyQueued told the desk.</param>
/// <param name="Delivered">Of those queued, acknowledged delivered by a gateway.</param>
/// <param name="Failed">Of those queued, acknowledged failed by a gateway.</param>
/// <param name="OnContactChannel">Of those queued, on the channel the customer wrote on.</param>
/// <param name="Unannounced">Handed to a gateway but their ReplyQueued was lost with a desk drop.</param>
/// <param name="Redeliveries">Hand-overs of a delivery the gateways had been handed before.</param>
/// <param name="GatewayCrashes">Gateway streams dropped instead of acknowledging.</param>
/// <param name="DeskReports">Queued replies whose outcome reached the agent's desk.</param>
/// <param name="ReportsAfterDeskDrop">Queued replies without a desk report whose desk dropped meanwhile (the timeline keeps the outcome).</param>
public sealed record ReplyFigures(
    int Sent,
    int Refused,
    int Queued,
    int Delivered,
    int Failed,
    int OnContactChannel,
    int Unannounced,
    int Redeliveries,
    int GatewayCrashes,
    int DeskReports,
    int ReportsAfterDeskDrop,
    IReadOnlyDictionary<string, ChannelReplies> ByChannel)
{
    public static ReplyFigures Of(ReplyTracker tracker)
    {
        var all = tracker.Replies.ToList();
        var queued = all.Where(r => r.QueuedChannel is not null).ToList();
        return new(
            tracker.Sent,
            tracker.Refused,
            queued.Count,
            queued.Count(r => r.Outcome == "delivered"),
            queued.Count(r => r.Outcome == "failed"),
            queued.Count(r => r.QueuedChannel == r.ContactChannel),
            all.Count(r => r.QueuedChannel is null && r.Handovers > 0),
            tracker.Redeliveries,
            tracker.GatewayCrashes,
            queued.Count(r => r.DeskReports > 0),
            queued.Count(r => r.DeskReports == 0 && r.DeskDropped),
            queued.GroupBy(r => r.QueuedChannel!).OrderByDescending(g => g.Count()).ToDictionary(
                g => g.Key,
                g => new ChannelReplies(g.Count(), g.Count(r => r.Outcome == "delivered"), g.Count(r => r.Outcome == "failed"))));
    }

    public string ToText()
    {
        var b = new StringBuilder();
        b.AppendLine(CultureInfo.InvariantCulture, $"  replies: sent {Sent}, refused {Refused}, queued {Queued} ({OnContactChannel} on the channel the customer wrote on), delivered {Delivered}, failed {Failed}, redelivered {Redeliveries} (gateway crashes {GatewayCrashes}); reported at the desk {DeskReports} (+{ReportsAfterDeskDrop} after a desk drop, on the timeline only)");
        b.AppendLine(CultureInfo.InvariantCulture, $"  replies by channel (queued / delivered / failed): {string.Join(", ", ByChannel.Select(c => $"{c.Key} {c.Value.Queued}/{c.Value.Delivered}/{c.Value.Failed}"))}");
        if (Unannounced > 0)
        {
            b.AppendLine(CultureInfo.InvariantCulture, $"  replies queued while their desk dropped (the desk never heard ReplyQueued, the gateways delivered them): {Unannounced}");
        }

        return b.ToString();
    }
}
