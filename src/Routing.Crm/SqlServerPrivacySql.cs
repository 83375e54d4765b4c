namespace Routing.Crm;

/// <summary>The right of access and to erasure on the reference schema (SQL Server). Each statement is small and keyed by tenant and customer, contact or address.</summary>
/// <remarks>
/// SQL Server has no per-statement secure delete: deleted rows become ghost records that a
/// background task removes, and their bytes may stay in free page space until it is reused. A site
/// that must rule that out on disk runs the database with Transparent Data Encryption.
/// </remarks>
internal static class SqlServerPrivacySql
{
    public const string Addresses = "SELECT channel, address FROM dbo.contact_points WHERE tenant_id = @Tenant AND customer_id = @CustomerId ORDER BY channel, address";

    public const string Customer = "SELECT * FROM dbo.customers WHERE tenant_id = @Tenant AND customer_id = @CustomerId";

    public const string ContactPoints = "SELECT * FROM dbo.contact_points WHERE tenant_id = @Tenant AND customer_id = @CustomerId";

    public const string Consents = "SELECT * FROM dbo.consents WHERE tenant_id = @Tenant AND customer_id = @CustomerId";

    public const string Cases = "SELECT * FROM dbo.cases WHERE tenant_id = @Tenant AND customer_id = @CustomerId";

    public const string AgentRelationships = "SELECT * FROM dbo.agent_relationships WHERE tenant_id = @Tenant AND customer_id = @CustomerId";

    public const string InteractionsOfCustomer = "SELECT * FROM dbo.interactions WHERE tenant_id = @Tenant AND customer_id = @CustomerId ORDER BY completed_at";

    public const string InteractionsOfAddress = "SELECT * FROM dbo.interactions WHERE tenant_id = @Tenant AND channel = @Channel AND address = @Address ORDER BY completed_at";

    // Interactions first: every other table's rows hang off the customer.
    public const string DeleteInteractionsOfCustomer = "DELETE FROM dbo.interactions WHERE tenant_id = @Tenant AND customer_id = @CustomerId";

    public const string DeleteInteractionsOfAddress = "DELETE FROM dbo.interactions WHERE tenant_id = @Tenant AND channel = @Channel AND address = @Address";

    public const string DeleteInteraction = "DELETE FROM dbo.interactions WHERE tenant_id = @Tenant AND contact_id = @ContactId";

    public const string DeleteCustomer = """
        DELETE FROM dbo.agent_relationships WHERE tenant_id = @Tenant AND customer_id = @CustomerId;
        DELETE FROM dbo.cases WHERE tenant_id = @Tenant AND customer_id = @CustomerId;
        DELETE FROM dbo.consents WHERE tenant_id = @Tenant AND customer_id = @CustomerId;
        DELETE FROM dbo.contact_points WHERE tenant_id = @Tenant AND customer_id = @CustomerId;
        DELETE FROM dbo.customers WHERE tenant_id = @Tenant AND customer_id = @CustomerId;
        """;
}
