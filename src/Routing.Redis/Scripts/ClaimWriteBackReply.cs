namespace Routing.Redis;

public sealed record ClaimWriteBackReply(IReadOnlyList<string> ContactIds);
