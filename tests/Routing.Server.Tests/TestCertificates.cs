using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Routing.Server.Tests;

/// <summary>
/// A throw-away PKI in a temp directory: a self-signed CA, a server certificate for 127.0.0.1 and
/// localhost, and client certificates, as PEM (certificate + key) and PFX files.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public const string PfxPassword = "routing-test";

    private readonly X509Certificate2 _ca;

    public TestCertificates(string name = "Routing Test CA")
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("routing-tls-").FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Authority = X509CertificateLoader.LoadCertificate(_ca.Export(X509ContentType.Cert));
        AuthorityPem = Write("ca.pem", _ca.ExportCertificatePem());
    }

    public string Directory { get; }

    /// <summary>The CA certificate without its key: what a client or server trusts.</summary>
    public X509Certificate2 Authority { get; }

    public string AuthorityPem { get; }

    /// <summary>A server certificate for 127.0.0.1 and localhost: (certificate PEM, key PEM, PFX) paths.</summary>
    public (string CertificatePem, string KeyPem, string Pfx) IssueServer()
    {
        var certificate = Issue("CN=localhost", "1.3.6.1.5.5.7.3.1", san =>
        {
            san.AddDnsName("localhost");
            san.AddIpAddress(IPAddress.Loopback);
        });
        return (Write("server.pem", certificate.ExportCertificatePem()),
            Write("server.key", certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem()),
            Write("server.pfx", certificate.Export(X509ContentType.Pfx, PfxPassword)));
    }

    /// <summary>A client certificate (client authentication) with its private key.</summary>
    public X509Certificate2 IssueClient(string subject = "CN=gateway-chat")
    {
        var certificate = Issue(subject, "1.3.6.1.5.5.7.3.2", null);

        // Through PKCS#12 so the TLS stack gets a key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    public void Dispose()
    {
        _ca.Dispose();
        Authority.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private X509Certificate2 Issue(string subject, string usage, Action<SubjectAlternativeNameBuilder>? names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid(usage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));
        if (names is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            names(san);
            request.CertificateExtensions.Add(san.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(_ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        return issued.CopyWithPrivateKey(key);
    }

    private string Write(string file, string pem) => Write(file, System.Text.Encoding.ASCII.GetBytes(pem));

    private string Write(string file, byte[] content)
    {
        var path = Path.Combine(Directory, file);
        File.WriteAllBytes(path, content);
        return path;
    }
}
