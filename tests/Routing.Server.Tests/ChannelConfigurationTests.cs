using Grpc.Core;
using Routing.Protos.V1;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>Per-channel configuration keys on the real server: each one overrides only itself.</summary>
public sealed class ChannelConfigurationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private RoutingServerHost _host = null!;
    private ContactIngest.ContactIngestClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?>
        {
            // One documented key per channel; nothing else about these channels is configured.
            ["Channels:webform:WrapUp"] = "00:00:03",
            ["Channels:voice:WrapUp"] = "00:00:03",
            ["Channels:video:Capacity"] = "1",
            ["Channels:email:WrapUp"] = "00:00:03",
            ["RoutingRules:Rules:0:Name"] = "vip-voice",
            ["RoutingRules:Rules:0:When:Channels:0"] = "voice",
            ["RoutingRules:Rules:0:When:Channels:1"] = "video",
            ["RoutingRules:Rules:0:When:Tiers:0"] = "platinum",
            ["RoutingRules:Rules:0:When:Tiers:1"] = "gold",
            ["RoutingRules:Rules:0:Queue"] = "vip",
            ["RoutingRules:Rules:0:Priority"] = "80",
        });
        _client = new ContactIngest.ContactIngestClient(_host.Channel);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Submit_VoiceWithWrapUpConfigured_StillNormalisesThePhoneAndRoutesAliceToVip()
    {
        var receipt = await SubmitAsync("voice", "call-1", "+44 7700 900101");

        Assert.Equal(("cus-1001", "vip"), (receipt.CustomerId, receipt.Queue));
    }

    [Fact]
    public async Task Submit_WebformWithWrapUpConfigured_StillRefusesANonEmailSender()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => SubmitAsync("webform", "form-1", "not-an-email"));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("contact.from", ex.Trailers.GetValue("routing-field"));
    }

    [Fact]
    public async Task Submit_WebformFromDemoCustomer_FindsThatCustomer()
    {
        var receipt = await SubmitAsync("webform", "form-2", "Emil.Novak@Example.de");

        Assert.Equal("cus-1005", receipt.CustomerId);
    }

    [Fact]
    public async Task Submit_SecondVideoCallWithCapacityConfigured_IsNotMerged()
    {
        var first = await SubmitAsync("video", "video-1", "dana.okafor");
        var second = await SubmitAsync("video", "video-2", "dana.okafor");

        Assert.False(second.Merged);
        Assert.NotEqual(first.ContactId, second.ContactId);
    }

    [Fact]
    public async Task Submit_EmailWithWrapUpConfigured_StillMatchesTheCrmWhateverTheCase()
    {
        var receipt = await SubmitAsync("email", "mail-1", "Alice.Martin@Example.com");

        Assert.Equal("cus-1001", receipt.CustomerId);
    }

    private async Task<ContactReceipt> SubmitAsync(string channel, string externalId, string from)
    {
        var request = new SubmitRequest { Contact = new InboundContact { Channel = channel, ExternalId = externalId, From = from, Text = "hello" } };
        var response = await _client.SubmitAsync(request, deadline: DateTime.UtcNow.Add(TestTimeout.Short)).ResponseAsync.WaitAsync(TestTimeout.Short);
        return response.Receipt;
    }
}
