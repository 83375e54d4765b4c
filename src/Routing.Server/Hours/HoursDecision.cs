namespace Routing.Server.Hours;

/// <summary>
/// Where a contact goes by business hours: its queue (another one after an overflow) and, when the
/// queue was closed, what was done (<see cref="Redis.OutsideHoursActions"/>; empty when open).
/// </summary>
public sealed record HoursDecision(string Queue, string Action = "", DateTimeOffset? OpensAt = null, string ClosedQueue = "", string Message = "");
