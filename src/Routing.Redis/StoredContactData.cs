namespace Routing.Redis;

/// <summary>A contact's hash as stored, with its merged messages and timeline entries (JSON each).</summary>
public sealed record StoredContactData(string ContactId, IReadOnlyDictionary<string, string> Fields, IReadOnlyList<string> Messages, IReadOnlyList<string> Timeline);
