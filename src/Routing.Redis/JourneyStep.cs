namespace Routing.Redis;

/// <summary>A contact of the journey and when it arrived.</summary>
public sealed record JourneyStep(string ContactId, DateTimeOffset At);
