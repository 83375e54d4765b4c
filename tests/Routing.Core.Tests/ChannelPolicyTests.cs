using Routing.Core.Customers;
using Routing.Core.Outbound;

namespace Routing.Core.Tests;

public sealed class ChannelPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, TimeSpan> Windows = new()
    {
        ["whatsapp"] = TimeSpan.FromHours(24),
        ["sms"] = TimeSpan.FromDays(7),
        ["email"] = TimeSpan.FromDays(14),
        ["chat"] = TimeSpan.FromHours(1),
    };

    private static readonly CustomerAddress[] AllAddresses =
    [
        new("whatsapp", "+4915100000001"),
        new("email", "alice@example.com"),
        new("sms", "+4915100000001"),
        new("chat", "alice-web"),
    ];

    private static ChannelPolicyRequest Request(
        Dictionary<string, bool>? consent = null,
        string preferred = "",
        string[]? order = null,
        string? inbound = null,
        Dictionary<string, DateTimeOffset>? lastInbound = null,
        CustomerAddress[]? addresses = null) =>
        new(
            new CustomerReachability
            {
                Consent = consent ?? [],
                PreferredChannel = preferred,
                ChannelOrder = order ?? [],
                Addresses = addresses ?? AllAddresses,
            },
            inbound,
            lastInbound ?? [],
            Windows,
            Now);

    public static TheoryData<string, string, string, string?, string?, string, string> Table => new()
    {
        // consent (c:+/-), preferred, order, inbound channel, hours since last inbound → channel, reason
        { "whatsapp+ email+", "email", "", "whatsapp", "2", "whatsapp", "ReplyWindowOpen" },
        { "email+", "email", "", "whatsapp", "2", "whatsapp", "ReplyWindowOpen" },
        { "whatsapp+ email+", "email", "", "whatsapp", "25", "email", "Preferred" },
        { "whatsapp+ email+", "email", "", null, null, "email", "Preferred" },
        { "whatsapp- email+", "email", "", "whatsapp", "1", "email", "Preferred" },
        { "email- sms+ whatsapp+", "email", "whatsapp sms", null, null, "whatsapp", "ConsentOrder" },
        { "email sms+ whatsapp+", "email", "sms whatsapp", null, null, "sms", "ConsentOrder" },
        { "sms+ whatsapp+", "", "", null, null, "sms", "ConsentOrder" },
        { "chat+ email+", "", "", "email", "400", "chat", "ConsentOrder" },
        { "email+", "", "whatsapp email", "email", "300", "email", "ReplyWindowOpen" },
        { "", "", "", "chat", "0.5", "chat", "ReplyWindowOpen" },
        { "email+", "", "", "chat", "2", "email", "ConsentOrder" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Choose_Table_PicksChannelAndReason(string consent, string preferred, string order, string? inbound, string? hoursAgo, string channel, string reason)
    {
        var consents = consent.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(c => c.EndsWith('+') || c.EndsWith('-'))
            .ToDictionary(c => c[..^1], c => c.EndsWith('+'));
        var last = inbound is null ? [] : new Dictionary<string, DateTimeOffset> { [inbound] = Now - TimeSpan.FromHours(double.Parse(hoursAgo!, System.Globalization.CultureInfo.InvariantCulture)) };

        var choice = ChannelPolicy.Choose(Request(consents, preferred, order.Split(' ', StringSplitOptions.RemoveEmptyEntries), inbound, last));

        Assert.True(choice.Permitted);
        Assert.Equal(channel, choice.Channel);
        Assert.Equal(Enum.Parse<ChannelChoiceReason>(reason), choice.Reason);
        Assert.Equal(AllAddresses.First(a => a.Channel == channel).Address, choice.Address);
    }

    [Fact]
    public void Choose_OptedOutOfEverything_RefusesWithAReasonPerChannel()
    {
        var choice = ChannelPolicy.Choose(Request(
            new() { ["whatsapp"] = false, ["email"] = false, ["sms"] = false, ["chat"] = false },
            preferred: "email",
            inbound: "whatsapp",
            lastInbound: new() { ["whatsapp"] = Now.AddMinutes(-5) }));

        Assert.False(choice.Permitted);
        Assert.Null(choice.Channel);
        Assert.Null(choice.Address);
        Assert.Equal(
            new[] { "whatsapp", "email", "chat", "sms" },
            choice.Refusals.Select(r => r.Channel));
        Assert.All(choice.Refusals, r => Assert.Equal(ChannelRefusalReason.OptedOut, r.Reason));
    }

    [Fact]
    public void Choose_OptedOutChannelWithOpenWindow_IsNeverUsed()
    {
        var choice = ChannelPolicy.Choose(Request(
            new() { ["whatsapp"] = false },
            inbound: "whatsapp",
            lastInbound: new() { ["whatsapp"] = Now.AddMinutes(-1) }));

        Assert.False(choice.Permitted);
        Assert.Contains(new ChannelRefusal("whatsapp", ChannelRefusalReason.OptedOut), choice.Refusals);
        Assert.Contains(new ChannelRefusal("email", ChannelRefusalReason.NoConsent), choice.Refusals);
    }

    [Fact]
    public void Choose_WindowClosedWithoutConsent_SaysTheWindowClosed()
    {
        var choice = ChannelPolicy.Choose(Request(inbound: "whatsapp", lastInbound: new() { ["whatsapp"] = Now.AddHours(-24) }));

        Assert.False(choice.Permitted);
        Assert.Equal(new ChannelRefusal("whatsapp", ChannelRefusalReason.ReplyWindowClosed), choice.Refusals[0]);
    }

    [Fact]
    public void Choose_WindowJustBeforeItCloses_IsStillOpen()
    {
        var choice = ChannelPolicy.Choose(Request(inbound: "whatsapp", lastInbound: new() { ["whatsapp"] = Now.AddHours(-24).AddTicks(1) }));

        Assert.Equal("whatsapp", choice.Channel);
    }

    [Fact]
    public void Choose_ConsentedChannelWithoutAddress_FallsBackAndSaysNoAddress()
    {
        var choice = ChannelPolicy.Choose(Request(
            new() { ["letter"] = true, ["email"] = true },
            preferred: "letter"));

        Assert.Equal("email", choice.Channel);
        Assert.Equal(ChannelChoiceReason.ConsentOrder, choice.Reason);
        Assert.Equal([new ChannelRefusal("letter", ChannelRefusalReason.NoAddress)], choice.Refusals);
    }

    [Fact]
    public void Choose_OpenWindowButNoAddress_FallsBackToPreferred()
    {
        var choice = ChannelPolicy.Choose(Request(
            new() { ["email"] = true },
            preferred: "email",
            inbound: "social",
            lastInbound: new() { ["social"] = Now.AddMinutes(-1) }));

        // social has no reply window configured: it is closed, and social has no consent either.
        Assert.Equal("email", choice.Channel);
        Assert.Equal(new ChannelRefusal("social", ChannelRefusalReason.ReplyWindowClosed), choice.Refusals[0]);
    }

    [Fact]
    public void Choose_OtherChannelsOpenWindow_UsedWhenTheConversationsIsClosed()
    {
        var choice = ChannelPolicy.Choose(Request(
            inbound: "email",
            lastInbound: new() { ["email"] = Now.AddDays(-20), ["sms"] = Now.AddHours(-3), ["chat"] = Now.AddHours(-2) }));

        // chat's window (1 h) closed; sms (7 days) is open.
        Assert.Equal("sms", choice.Channel);
        Assert.Equal(ChannelChoiceReason.ReplyWindowOpen, choice.Reason);
    }

    [Fact]
    public void Choose_ChannelNamesDifferInCase_StillMatch()
    {
        var choice = ChannelPolicy.Choose(Request(new() { ["EMAIL"] = true }, preferred: " Email "));

        Assert.Equal("email", choice.Channel);
        Assert.Equal(ChannelChoiceReason.Preferred, choice.Reason);
    }

    [Fact]
    public void Choose_SameRequestTwice_SameAnswer()
    {
        var request = Request(new() { ["sms"] = true, ["email"] = true }, order: ["email"]);

        Assert.Equal(ChannelPolicy.Choose(request).Channel, ChannelPolicy.Choose(request).Channel);
    }

    [Fact]
    public void PermittedChannels_ListsOpenWindowsAndConsentedChannelsButNeverOptedOut()
    {
        var permitted = ChannelPolicy.PermittedChannels(Request(
            new() { ["whatsapp"] = false, ["email"] = true, ["sms"] = true },
            inbound: "whatsapp",
            lastInbound: new() { ["whatsapp"] = Now.AddMinutes(-1), ["chat"] = Now.AddMinutes(-10) }));

        Assert.Equal(["chat", "email", "sms"], permitted);
    }
}
