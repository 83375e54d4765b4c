namespace Routing.Simulator;

/// <summary>Replies queued for one channel, and how many of them its gateway delivered or failed.</summary>
public sealed record ChannelReplies(int Queued, int Delivered, int Failed);
