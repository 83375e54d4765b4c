namespace Routing.Server.Security;

/// <summary>Prints development mode's credentials at start, ready to paste into grpcurl, ghz or a desk.</summary>
public sealed class DevelopmentCredentialsBanner(DevelopmentCredentials credentials, ILogger<DevelopmentCredentialsBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (credentials.Current is not { } set)
        {
            return Task.CompletedTask;
        }

        SecurityLog.DevelopmentMode(logger, set.Tenant, credentials.File!);
        var text = new System.Text.StringBuilder()
            .AppendLine($"Development mode: no credentials configured, so these are in force for tenant '{set.Tenant}' (loopback only).")
            .AppendLine($"  written to {credentials.File} (mint more: scripts/token.sh AGENT, or Routing.Server token AGENT --role agent)")
            .AppendLine($"  gateway, every channel:  authorization: ApiKey {set.GatewayKey}");
        foreach (var (name, token) in set.Tokens)
        {
            text.AppendLine($"  {name + ":",-24} authorization: Bearer {token}");
        }

        Console.Out.Write(text.ToString());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
