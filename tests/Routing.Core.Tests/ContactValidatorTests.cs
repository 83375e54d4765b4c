using Routing.Core.Channels;
using Routing.Core.Contacts;
using Routing.Core.Errors;

namespace Routing.Core.Tests;

public sealed class ContactValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private readonly ContactValidator _validator = new(
        new ChannelCatalog([
            new ChannelDefinition("voice", AddressKind.Phone, false),
            new ChannelDefinition("email", AddressKind.Email, true),
            new ChannelDefinition("chat", AddressKind.Handle, true),
        ]),
        new IngestLimits { MaxTextLength = 100, MaxAttributes = 2 },
        new FixedTimeProvider(Now));

    [Fact]
    public void Validate_GoodEmail_NormalisesAndDefaultsReceivedAt()
    {
        var contact = _validator.Validate(new InboundContact { Channel = "EMAIL", ExternalId = " m-1 ", From = "Alice@Example.com", Text = "hi" });

        Assert.Equal("email", contact.Channel.Name);
        Assert.Equal("m-1", contact.ExternalId);
        Assert.Equal("alice@example.com", contact.From);
        Assert.Equal(Now, contact.ReceivedAt);
    }

    [Theory]
    [InlineData(null, "x", "+447700900101", "contact.channel")]
    [InlineData("fax", "x", "+447700900101", "contact.channel")]
    [InlineData("voice", "", "+447700900101", "contact.external_id")]
    [InlineData("voice", "x", "", "contact.from")]
    [InlineData("voice", "x", "not-a-number", "contact.from")]
    [InlineData("email", "x", "alice", "contact.from")]
    public void Validate_BadField_ThrowsInvalidArgumentNamingIt(string? channel, string externalId, string from, string field)
    {
        var ex = Assert.Throws<RoutingException>(() => _validator.Validate(new InboundContact { Channel = channel, ExternalId = externalId, From = from }));

        Assert.Equal(RoutingErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal(field, ex.Field);
        Assert.StartsWith(field, ex.Message);
    }

    [Fact]
    public void Validate_UnknownChannel_ListsConfiguredChannels()
    {
        var ex = Assert.Throws<RoutingException>(() => _validator.Validate(new InboundContact { Channel = "fax", ExternalId = "1", From = "x" }));

        Assert.Contains("chat, email, voice", ex.Message);
    }

    [Fact]
    public void Validate_TextOverLimit_IsRejected()
    {
        var ex = Assert.Throws<RoutingException>(() => _validator.Validate(
            new InboundContact { Channel = "chat", ExternalId = "1", From = "alice", Text = new string('x', 101) }));

        Assert.Equal("contact.text", ex.Field);
    }

    [Fact]
    public void Validate_TooManyAttributes_IsRejected()
    {
        var attributes = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = "3" };
        var ex = Assert.Throws<RoutingException>(() => _validator.Validate(
            new InboundContact { Channel = "chat", ExternalId = "1", From = "alice", Attributes = attributes }));

        Assert.Equal("contact.attributes", ex.Field);
    }

    [Fact]
    public void Validate_ReceivedInTheFuture_IsRejected()
    {
        var ex = Assert.Throws<RoutingException>(() => _validator.Validate(
            new InboundContact { Channel = "chat", ExternalId = "1", From = "alice", ReceivedAt = Now.AddHours(1) }));

        Assert.Equal("contact.received_at", ex.Field);
    }

    [Fact]
    public void Validate_Null_IsRejected()
    {
        Assert.Equal("contact", Assert.Throws<RoutingException>(() => _validator.Validate(null)).Field);
    }
}
