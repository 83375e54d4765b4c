namespace Routing.Server.Consent;

/// <summary>Consent and channel choice: router-held consent changes, their CRM write-back, the consent RPCs.</summary>
public static class ConsentHostingExtensions
{
    public static void AddRoutingConsent(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CustomerConsent>();
        builder.Services.AddSingleton<ConsentRequests>();
        builder.Services.AddHostedService<ConsentWriteBack>();
    }
}
