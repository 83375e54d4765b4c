using Routing.Core.Channels;
using Routing.Core.Conversations;
using Routing.Core.Customers;

namespace Routing.Core.Tests;

public sealed class ConversationThreadingTests
{
    private static readonly ChannelDefinition Email = new("email", AddressKind.Email, true);
    private static readonly ChannelDefinition Chat = new("chat", AddressKind.Handle, true);
    private static readonly ChannelDefinition Voice = new("voice", AddressKind.Phone, false);

    [Fact]
    public void ThreadKey_KnownCustomer_IsTheSameOnEveryChannel()
    {
        var alice = new CustomerContext { CustomerId = "cus-1001" };

        Assert.Equal(
            ConversationThreading.ThreadKey(alice, Email, "alice@example.com"),
            ConversationThreading.ThreadKey(alice, Chat, "alice.m"));
    }

    [Fact]
    public void ThreadKey_UnknownSender_IsPerChannelAddress()
    {
        Assert.Equal("addr:chat:alice.m", ConversationThreading.ThreadKey(CustomerContext.Unknown, Chat, "alice.m"));
        Assert.NotEqual(
            ConversationThreading.ThreadKey(CustomerContext.Unknown, Email, "x@example.com"),
            ConversationThreading.ThreadKey(CustomerContext.Unknown, Chat, "x@example.com"));
    }

    [Fact]
    public void ThreadKey_CrmUnavailable_FallsBackToAddress()
    {
        Assert.Equal("addr:email:alice@example.com", ConversationThreading.ThreadKey(CustomerContext.Unavailable, Email, "alice@example.com"));
    }

    [Fact]
    public void MergesWhileWaiting_AsyncChannelsMerge_CallsNever()
    {
        var options = new ThreadingOptions();

        Assert.True(ConversationThreading.MergesWhileWaiting(Chat, options));
        Assert.False(ConversationThreading.MergesWhileWaiting(Voice, options));
        Assert.False(ConversationThreading.MergesWhileWaiting(Chat, new ThreadingOptions { MergeWaitingContacts = false }));
    }

    [Fact]
    public void IsOpen_WithinWindow_TrueAfterwardsFalse()
    {
        var options = new ThreadingOptions { Window = TimeSpan.FromHours(24) };
        var last = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

        Assert.True(ConversationThreading.IsOpen(last, last.AddHours(24), options));
        Assert.False(ConversationThreading.IsOpen(last, last.AddHours(24).AddMilliseconds(1), options));
    }
}
