using Dapper;
using Microsoft.Extensions.Options;
using Routing.Core.Customers;

namespace Routing.Crm;

/// <summary>Writes consent changes to the CRM (Crm:Queries:RecordConsent replaces the statement).</summary>
public sealed class SqlConsentLog : IConsentLog
{
    private readonly CrmConnectionFactory _connections;
    private readonly string _sql;

    public SqlConsentLog(CrmConnectionFactory connections, IOptions<CrmOptions> options)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(options);
        _connections = connections;
        _sql = CrmQuerySet.Resolve(connections.Provider, options.Value.Queries).RecordConsent;
    }

    public async Task RecordAsync(ConsentChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var activity = CrmActivity.StartOperation("consent-write-back", change.Tenant);
        var provider = _connections.Provider;
        var args = new
        {
            change.Tenant,
            change.CustomerId,
            Channel = change.Channel,
            OptedIn = CrmValues.Flag(provider, change.OptedIn),
            UpdatedAt = CrmValues.Timestamp(provider, change.ChangedAt),
        };
        try
        {
            await _connections.RunAsync(
                (connection, ct) => connection.ExecuteAsync(new CommandDefinition(_sql, args, cancellationToken: ct)),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            CrmActivity.Failed(activity, ex);
            throw;
        }
    }
}
