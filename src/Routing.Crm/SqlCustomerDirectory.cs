using System.Data.Common;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Routing.Core.Customers;

namespace Routing.Crm;

/// <summary>
/// The CRM seen through SQL: three queries, each replaceable in configuration (Crm:Queries) so a
/// site maps its own schema.
/// <list type="bullet">
/// <item><c>FindCustomer</c> (@Tenant, @Channel, @Address) returns at most one row: customer_id
/// (required), display_name, tier, language, preferred_channel, attributes (JSON object text),
/// preferred_agent_id, last_agent_id, channel_order (comma-separated channel names), time_zone. Every other column becomes a customer attribute.</item>
/// <item><c>FindConsents</c> (@Tenant, @CustomerId) returns rows of channel, opted_in.</item>
/// <item><c>FindOpenCases</c> (@Tenant, @CustomerId) returns rows of case_id, subject, status, opened_at.</item>
/// </list>
/// Column names match case-insensitively with underscores ignored; missing optional columns read as empty.
/// </summary>
public sealed class SqlCustomerDirectory : ICustomerDirectory
{
    private static readonly IReadOnlySet<string> CustomerColumns = new HashSet<string>(
        new[] { "customer_id", "display_name", "tier", "language", "preferred_channel", "attributes", "preferred_agent_id", "last_agent_id", "channel_order", "time_zone" }
            .Select(CrmRow.Key),
        StringComparer.Ordinal);

    // An overridden query without a LIMIT reads no more rows than this.
    private const int MaxRows = 1_000;

    private readonly CrmConnectionFactory _connections;
    private readonly CrmQuerySet _queries;
    private readonly ILogger<SqlCustomerDirectory> _logger;

    public SqlCustomerDirectory(CrmConnectionFactory connections, IOptions<CrmOptions> options, ILogger<SqlCustomerDirectory> logger)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(options);
        _connections = connections;
        _queries = CrmQuerySet.Resolve(connections.Provider, options.Value.Queries);
        _logger = logger;
    }

    public async Task<CustomerContext?> FindByAddressAsync(string tenant, string channel, string address, CancellationToken cancellationToken)
    {
        using var activity = CrmActivity.StartOperation("lookup", tenant);
        activity?.SetTag("routing.channel", channel);
        try
        {
            return await _connections.RunAsync((connection, ct) => FindAsync(connection, tenant, channel, address, activity, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            CrmActivity.Failed(activity, ex);
            throw;
        }
    }

    private async Task<CustomerContext?> FindAsync(DbConnection connection, string tenant, string channel, string address, System.Diagnostics.Activity? parent, CancellationToken cancellationToken)
    {
        IReadOnlyList<IDictionary<string, object?>> found;
        using (CrmActivity.StartStatement(parent, _connections.Provider, "FindCustomer", _queries.FindCustomer))
        {
            found = await _connections.QueryAsync(
                connection,
                _queries.FindCustomer,
                [new("Tenant", tenant), new("Channel", channel), new("Address", address)],
                maxRows: 1,
                cancellationToken).ConfigureAwait(false);
        }

        if (found.Count == 0)
        {
            return null;
        }

        var customer = new CrmRow(found[0]);
        var customerId = customer.Text("customer_id");
        if (customerId.Length == 0)
        {
            throw new InvalidOperationException("The CRM FindCustomer query returned a row without a customer_id column or value.");
        }

        KeyValuePair<string, object?>[] byCustomer = [new("Tenant", tenant), new("CustomerId", customerId)];
        IReadOnlyList<IDictionary<string, object?>> consents, cases;
        using (CrmActivity.StartStatement(parent, _connections.Provider, "FindConsents", _queries.FindConsents))
        {
            consents = await _connections.QueryAsync(connection, _queries.FindConsents, byCustomer, MaxRows, cancellationToken).ConfigureAwait(false);
        }

        using (CrmActivity.StartStatement(parent, _connections.Provider, "FindOpenCases", _queries.FindOpenCases))
        {
            cases = await _connections.QueryAsync(connection, _queries.FindOpenCases, byCustomer, MaxRows, cancellationToken).ConfigureAwait(false);
        }

        return new CustomerContext
        {
            CustomerId = customerId,
            DisplayName = customer.Text("display_name"),
            Tier = customer.Text("tier"),
            Language = customer.Text("language"),
            PreferredChannel = customer.Text("preferred_channel"),
            ChannelOrder = customer.Text("channel_order").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            TimeZone = customer.Text("time_zone"),
            PreferredAgentId = customer.Text("preferred_agent_id"),
            LastAgentId = customer.Text("last_agent_id"),
            Attributes = ReadAttributes(customer, customerId, tenant),
            ChannelConsent = ReadConsents(consents),
            OpenCases = ReadCases(cases),
        };
    }

    private static Dictionary<string, bool> ReadConsents(IReadOnlyList<IDictionary<string, object?>> rows)
    {
        var consents = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows.Select(r => new CrmRow(r)))
        {
            var channel = row.Text("channel");
            if (channel.Length > 0 && CrmValues.ToFlag(row.Value("opted_in")) is { } optedIn)
            {
                consents[channel] = optedIn;
            }
        }

        return consents;
    }

    private static CaseSummary[] ReadCases(IReadOnlyList<IDictionary<string, object?>> rows) => rows
        .Select(r => new CrmRow(r))
        .Select(row => new CaseSummary(row.Text("case_id"), row.Text("subject"), row.Text("status"), CrmValues.ToTimestamp(row.Value("opened_at"))))
        .Where(c => c.CaseId.Length > 0)
        .ToArray();

    private Dictionary<string, string> ReadAttributes(CrmRow customer, string customerId, string tenant)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var json = customer.Text("attributes");
        if (json.Length > 0 && !TryReadJsonObject(json, attributes))
        {
            CrmLog.AttributesIgnored(_logger, customerId, tenant);
        }

        // Extra columns of an overridden FindCustomer query surface as attributes: mapping a CRM
        // field onto the agent's screen is then a SELECT change, not a code change.
        foreach (var (column, value) in customer.Others(CustomerColumns))
        {
            if (value is not null)
            {
                attributes[column] = CrmValues.ToText(value);
            }
        }

        return attributes;
    }

    private static bool TryReadJsonObject(string json, Dictionary<string, string> into)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                into[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString() ?? "",
                    JsonValueKind.Null => "",
                    _ => property.Value.GetRawText(),
                };
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
