using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Routing.Core.Customers;

namespace Routing.Crm;

/// <summary>
/// Writes handled contacts to the CRM's interaction history. Idempotent on (tenant, contact id):
/// a retried write finds the row there and reports false instead of failing or duplicating it.
/// The statement is replaceable in configuration (Crm:Queries:RecordInteraction).
/// </summary>
public sealed class SqlInteractionLog : IInteractionLog
{
    private readonly CrmConnectionFactory _connections;
    private readonly string _sql;
    private readonly ILogger<SqlInteractionLog> _logger;

    public SqlInteractionLog(CrmConnectionFactory connections, IOptions<CrmOptions> options, ILogger<SqlInteractionLog> logger)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(options);
        _connections = connections;
        _sql = CrmQuerySet.Resolve(connections.Provider, options.Value.Queries).RecordInteraction;
        _logger = logger;
    }

    public Task<bool> RecordAsync(InteractionRecord interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var provider = _connections.Provider;
        var args = new
        {
            interaction.Tenant,
            interaction.ContactId,
            interaction.ConversationId,
            interaction.CustomerId,
            interaction.Channel,
            interaction.Address,
            interaction.Queue,
            interaction.AgentId,
            QueuedAt = CrmValues.Timestamp(provider, interaction.QueuedAt),
            OfferedAt = CrmValues.Timestamp(provider, interaction.OfferedAt),
            AcceptedAt = CrmValues.Timestamp(provider, interaction.AcceptedAt),
            CompletedAt = CrmValues.Timestamp(provider, interaction.CompletedAt),
            interaction.Disposition,
            interaction.Notes,
        };

        return RecordAsync(args, interaction, cancellationToken);
    }

    private async Task<bool> RecordAsync(object args, InteractionRecord interaction, CancellationToken cancellationToken)
    {
        using var activity = CrmActivity.StartOperation("write-back", interaction.Tenant);
        activity?.SetTag(Core.Telemetry.RoutingActivities.ContactId, interaction.ContactId);
        try
        {
            return await _connections.RunAsync((connection, ct) => InsertAsync(connection, args, interaction, activity, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            CrmActivity.Failed(activity, ex);
            throw;
        }
    }

    private async Task<bool> InsertAsync(DbConnection connection, object args, InteractionRecord interaction, System.Diagnostics.Activity? parent, CancellationToken cancellationToken)
    {
        try
        {
            using var statement = CrmActivity.StartStatement(parent, _connections.Provider, "RecordInteraction", _sql);
            var inserted = await connection.ExecuteAsync(new CommandDefinition(_sql, args, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (inserted > 0)
            {
                return true;
            }
        }
        catch (DbException ex) when (CrmDbErrors.IsDuplicateKey(ex))
        {
            // Two nodes recorded the same contact at once; the other one won.
        }

        CrmLog.InteractionAlreadyRecorded(_logger, interaction.ContactId, interaction.Tenant);
        return false;
    }
}
