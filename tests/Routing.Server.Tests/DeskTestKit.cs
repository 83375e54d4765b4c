using Routing.Protos.V1;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>Small helpers the desk tests share: submitting contacts and engine settings that keep tests fast.</summary>
internal static class DeskTestKit
{
    private static int _sequence;

    /// <summary>Engine settings for tests: short but deterministic timings, no wrap-up unless a test asks.</summary>
    public static Dictionary<string, string?> FastEngine(params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Engine:OfferTimeout"] = "00:00:30",
            ["Engine:WrapUp"] = "00:00:00",
            ["Engine:SweepInterval"] = "00:00:00.050",
            ["Engine:NodeTimeout"] = "00:00:02",
            ["Engine:HeartbeatInterval"] = "00:00:30",
            ["Engine:ReconnectGrace"] = "00:00:30",
            ["Engine:AffinityWait"] = "00:00:30",
            ["Engine:PreferredAgentWait"] = "00:00:00",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A new customer (unknown to the CRM) on the channel.</summary>
    public static InboundContact NewCustomer(string channel, string text = "hello", string intent = "")
    {
        var n = Interlocked.Increment(ref _sequence);
        var from = channel switch
        {
            "voice" or "sms" or "whatsapp" => $"+4420{n:D8}",
            "email" or "webform" => $"customer{n}@example.org",
            _ => $"user-{n}",
        };
        return new InboundContact { Channel = channel, ExternalId = $"{channel}-{Guid.NewGuid():N}", From = from, Text = text, Intent = intent };
    }

    public static async Task<ContactReceipt> SubmitAsync(this RoutingServerHost host, InboundContact contact) =>
        (await new ContactIngest.ContactIngestClient(host.Channel).SubmitAsync(new SubmitRequest { Contact = contact }).ResponseAsync.WaitAsync(TestTimeout.Short)).Receipt;
}
