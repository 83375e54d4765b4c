namespace Routing.Redis.Outbound;

/// <summary>outbound_sweep.lua's answer: deliveries put back in their outbox, and the channels that got them.</summary>
public sealed record DeliverySweepResult(int PutBack, IReadOnlyList<string> Channels);
