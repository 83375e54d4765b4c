namespace Routing.Crm;

/// <summary>The right of access and to erasure on the reference schema (SQLite). Each statement is small and keyed by tenant and customer, contact or address.</summary>
internal static class SqlitePrivacySql
{
    public const string Addresses = "SELECT channel, address FROM contact_points WHERE tenant_id = @Tenant AND customer_id = @CustomerId ORDER BY channel, address";

    public const string Customer = "SELECT * FROM customers WHERE tenant_id = @Tenant AND customer_id = @CustomerId";

    public const string ContactPoints = "SELECT * FROM contact_points WHERE tenant_id = @Tenant AND customer_id = @CustomerId";

    public const string Consents = "SELECT * FROM consents WHERE tenant_id = @Tenant AND customer_id = @CustomerId";

    public const string Cases = "SELECT * FROM cases WHERE tenant_id = @Tenant AND customer_id = @CustomerId";

    public const string AgentRelationships = "SELECT * FROM agent_relationships WHERE tenant_id = @Tenant AND customer_id = @CustomerId";

    public const string InteractionsOfCustomer = "SELECT * FROM interactions WHERE tenant_id = @Tenant AND customer_id = @CustomerId ORDER BY completed_at";

    public const string InteractionsOfAddress = "SELECT * FROM interactions WHERE tenant_id = @Tenant AND channel = @Channel AND address = @Address ORDER BY completed_at";

    // Interactions first: every other table's rows hang off the customer.
    public const string DeleteInteractionsOfCustomer = "DELETE FROM interactions WHERE tenant_id = @Tenant AND customer_id = @CustomerId";

    public const string DeleteInteractionsOfAddress = "DELETE FROM interactions WHERE tenant_id = @Tenant AND channel = @Channel AND address = @Address";

    public const string DeleteInteraction = "DELETE FROM interactions WHERE tenant_id = @Tenant AND contact_id = @ContactId";

    public const string DeleteCustomer = """
        DELETE FROM agent_relationships WHERE tenant_id = @Tenant AND customer_id = @CustomerId;
        DELETE FROM cases WHERE tenant_id = @Tenant AND customer_id = @CustomerId;
        DELETE FROM consents WHERE tenant_id = @Tenant AND customer_id = @CustomerId;
        DELETE FROM contact_points WHERE tenant_id = @Tenant AND customer_id = @CustomerId;
        DELETE FROM customers WHERE tenant_id = @Tenant AND customer_id = @CustomerId;
        """;

    // Deleted rows are overwritten with zeros, not just unlinked, so the file keeps no copy of them.
    public const string SecureDelete = "PRAGMA secure_delete = ON;";

    // The write-ahead log holds the pages as they were written; copy them into the file and empty it.
    public const string Checkpoint = "PRAGMA wal_checkpoint(TRUNCATE);";
}
