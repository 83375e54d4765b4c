using Routing.Core.Privacy;

namespace Routing.Redis;

/// <summary>One page of an audit trail, newest first; <see cref="NextPageToken"/> is empty on the last page.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string NextPageToken);
