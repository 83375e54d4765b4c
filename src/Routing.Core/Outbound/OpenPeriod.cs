namespace Routing.Core.Outbound;

/// <summary>A span outside the customer's quiet hours, from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive).</summary>
public readonly record struct OpenPeriod(DateTimeOffset Start, DateTimeOffset End);
