using Microsoft.Extensions.Configuration;
using Routing.Core.Channels;
using Routing.Server.Configuration;

namespace Routing.Server.UnitTests;

/// <summary>"Channels" bound from configuration keys the way the server binds them, then resolved over the built-in channels.</summary>
public sealed class ChannelsOptionsTests
{
    [Theory]
    [InlineData("webform", "WrapUp", "00:00:03", AddressKind.Email, true)]
    [InlineData("video", "WrapUp", "00:00:03", AddressKind.Handle, false)]
    [InlineData("voice", "WrapUp", "00:00:03", AddressKind.Phone, false)]
    [InlineData("email", "WrapUp", "00:00:03", AddressKind.Email, true)]
    [InlineData("voice", "Capacity", "2", AddressKind.Phone, false)]
    [InlineData("webform", "Blocks:0", "voice", AddressKind.Email, true)]
    [InlineData("video", "StaysWithAgentOnDisconnect", "false", AddressKind.Handle, false)]
    [InlineData("whatsapp", "ReplyWindow", "02:00:00", AddressKind.Phone, true)]
    public void Resolve_OneConfiguredKey_KeepsTheRestOfTheBuiltInDefinition(string channel, string key, string value, AddressKind addressKind, bool merges)
    {
        var options = Bind(($"Channels:{channel}:{key}", value));

        var resolved = options.Resolve().ToDictionary(c => c.Name);

        Assert.Equal(new ChannelDefinition(channel, addressKind, merges), resolved[channel]);
        Assert.Equal(BuiltInChannels.All.OrderBy(c => c.Name), resolved.Values.OrderBy(c => c.Name));
    }

    [Fact]
    public void ResolveDesk_OneConfiguredKey_KeepsTheOtherDeskDefaults()
    {
        var options = Bind(("Channels:voice:Capacity", "2"), ("Channels:webform:WrapUp", "00:00:03"));

        var desk = options.ResolveDesk();

        var voice = ChannelsOptions.BuiltInDesk["voice"];
        Assert.Equal((2, voice.Blocks, true), (desk["voice"].Capacity, desk["voice"].Blocks, desk["voice"].StaysWithAgentOnDisconnect));
        Assert.Equal((5, 0, false), (desk["webform"].Capacity, desk["webform"].Blocks.Count, desk["webform"].StaysWithAgentOnDisconnect));
        Assert.Equal(TimeSpan.FromSeconds(3), Assert.Single(options.ResolveWrapUps(), w => w.Key == "webform").Value);
    }

    [Fact]
    public void ResolveReplyWindows_OneChannelConfigured_OverridesOnlyItself()
    {
        var options = Bind(("Channels:whatsapp:ReplyWindow", "02:00:00"), ("Channels:chat:ReplyWindow", "00:00:00"), ("Channels:Telegram:ReplyWindow", "1.00:00:00"));

        var windows = options.ResolveReplyWindows();

        Assert.Equal(TimeSpan.FromHours(2), windows["whatsapp"]);
        Assert.False(windows.ContainsKey("chat"));
        Assert.Equal(TimeSpan.FromDays(1), windows["telegram"]);
        Assert.Equal(TimeSpan.FromDays(14), windows["email"]);
        Assert.Equal(TimeSpan.FromDays(7), windows["sms"]);
        Assert.False(windows.ContainsKey("voice"));
    }

    [Fact]
    public void ResolveReplyWindows_NothingConfigured_IsTheBuiltInTable()
    {
        Assert.Equal(ChannelsOptions.BuiltInReplyWindows.OrderBy(w => w.Key), Bind().ResolveReplyWindows().OrderBy(w => w.Key));
    }

    [Fact]
    public void Resolve_ConfiguredAddressKindOrMerge_OverridesOnlyThatKey()
    {
        var options = Bind(("Channels:video:MergeWhileWaiting", "true"), ("Channels:webform:AddressKind", "Handle"));

        var resolved = options.Resolve().ToDictionary(c => c.Name);

        Assert.Equal(new ChannelDefinition("video", AddressKind.Handle, MergeWhileWaiting: true), resolved["video"]);
        Assert.Equal(new ChannelDefinition("webform", AddressKind.Handle, MergeWhileWaiting: true), resolved["webform"]);
        Assert.Equal(new ChannelDefinition("voice", AddressKind.Phone, MergeWhileWaiting: false), resolved["voice"]);
    }

    [Fact]
    public void Resolve_NewChannelWithOnlyAWrapUp_IsAHandleChannelThatMerges()
    {
        var options = Bind(("Channels:Telegram:WrapUp", "00:00:10"));

        var resolved = options.Resolve().ToDictionary(c => c.Name);

        Assert.Equal(new ChannelDefinition("telegram", AddressKind.Handle, MergeWhileWaiting: true), resolved["telegram"]);
        Assert.Equal(BuiltInChannels.All.Count + 1, resolved.Count);
    }

    [Fact]
    public void Resolve_BuiltInDisabled_IsRemovedAndTheOthersKeepTheirDefinition()
    {
        var options = Bind(("Channels:letter:Enabled", "false"));

        var resolved = options.Resolve().ToList();

        Assert.Equal(BuiltInChannels.All.Where(c => c.Name != "letter").OrderBy(c => c.Name), resolved.OrderBy(c => c.Name));
    }

    // The same binding as ServerHostingExtensions: the "Channels" section into ChannelsOptions.Channels.
    private static ChannelsOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var options = new ChannelsOptions();
        configuration.GetSection(ChannelsOptions.SectionName).Bind(options.Channels);
        return options;
    }
}
