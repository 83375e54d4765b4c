using Microsoft.Extensions.Options;
using Routing.Core.Contacts;
using Routing.Core.Privacy;
using Routing.Redis;
using Routing.Server.Configuration;
using Routing.Server.Security;

namespace Routing.Server.DataProtection;

/// <summary>
/// Records who did what in the tenant's audit trail (ids only, never personal data). An action is
/// recorded after it took effect; if the trail cannot be written the action stands and a warning
/// says so (without the entry's ids), rather than telling the caller a done action failed.
/// </summary>
public sealed class AuditRecorder(AuditTrail trail, IOptions<RetentionOptions> retention, TimeProvider time, ILogger<AuditRecorder> logger)
{
    public Task<string> RecordAsync(Caller caller, string action, string target, string detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return RecordAsync(caller.Tenant, caller.Subject, action, target, detail, cancellationToken);
    }

    /// <summary>Appends an entry; returns its id.</summary>
    /// <param name="actor">The credential's subject: an agent id, a user, a gateway key id.</param>
    public async Task<string> RecordAsync(string tenant, string actor, string action, string target, string detail, CancellationToken cancellationToken)
    {
        var entry = new AuditEntry(RoutingIds.NewAuditId(), time.GetUtcNow(), tenant, actor, action, target, detail);
        try
        {
            await trail.AppendAsync(entry, retention.Value.Audit, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException or OperationCanceledException)
        {
            PrivacyLog.AuditWriteFailed(logger, action, tenant, ex.GetType().Name);
        }

        return entry.Id;
    }
}
