using System.Text.Json.Serialization;

namespace Routing.Redis;

/// <summary>
/// One event of a contact's timeline, stored as JSON in the contact's timeline list. An offer also
/// names its <paramref name="Reason"/> (an <see cref="EngineWords"/> offer reason) and, picked by the
/// queue's strategy, the <paramref name="Strategy"/> and the figure it ranked the agent by (<paramref name="Score"/>).
/// An escalation names its <paramref name="Step"/> (1-based; the script writes it as a string).
/// </summary>
public sealed record TimelineEntry(long At, string Kind, string Queue = "", string Agent = "", string Detail = "", string Node = "",
    string Reason = "", string Strategy = "", double? Score = null,
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] int? Step = null);
