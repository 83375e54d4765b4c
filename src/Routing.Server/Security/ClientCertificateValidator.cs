using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Routing.Server.Security;

/// <summary>
/// Accepts a client certificate only if its chain leads to one of the configured CA certificates
/// (a custom trust store: the machine's roots do not count) and it may be used for client
/// authentication. Revocation is not checked: private gateway CAs rarely publish revocation lists;
/// rotate by replacing the CA file and restarting.
/// </summary>
public sealed class ClientCertificateValidator
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly X509Certificate2Collection _authorities = [];
    private readonly ILogger _logger;

    public ClientCertificateValidator(string authorityPemPath, ILogger logger)
    {
        _authorities.ImportFromPemFile(authorityPemPath);
        if (_authorities.Count == 0)
        {
            throw new InvalidOperationException($"Security:Tls:ClientCertificateAuthority: {authorityPemPath} holds no PEM certificate.");
        }

        _logger = logger;
    }

    /// <summary>Kestrel's ClientCertificateValidation: the platform's own verdict (<paramref name="errors"/>) is replaced by the chain to the configured CA.</summary>
    public bool Validate(X509Certificate2 certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (presented is not null)
        {
            // Intermediates the client sent along with its certificate.
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (chain.Build(certificate))
        {
            return true;
        }

        TlsLog.ClientCertificateRefused(_logger, certificate.Thumbprint, string.Join(", ", chain.ChainStatus.Select(s => s.Status)));
        return false;
    }
}
