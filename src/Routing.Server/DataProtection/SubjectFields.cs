namespace Routing.Server.DataProtection;

/// <summary>The request fields that name a customer, for InvalidArgument errors about them.</summary>
public sealed record SubjectFields(string Subject, string CustomerId, string Address, string Channel)
{
    /// <summary>The Privacy service's <c>customer</c> selector.</summary>
    public static readonly SubjectFields Privacy = new("customer", "customer.customer_id", "customer.address", "customer.channel");
}
