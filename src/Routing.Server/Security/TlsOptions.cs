using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Routing.Server.Security;

/// <summary>
/// Client certificates (mTLS) on the HTTPS endpoints (section "Security:Tls"). The server's own
/// certificate is Kestrel's configuration: <c>Kestrel:Endpoints:{name}:Certificate</c> or
/// <c>Kestrel:Certificates:Default</c> (PEM with <c>Path</c> and <c>KeyPath</c>, or PFX with <c>Path</c> and <c>Password</c>).
/// </summary>
public sealed class TlsOptions
{
    public const string SectionName = "Security:Tls";

    /// <summary>
    /// <c>NoCertificate</c> (default), <c>AllowCertificate</c> (a client may present one; it must
    /// then lead to <see cref="ClientCertificateAuthority"/>) or <c>RequireCertificate</c> (every
    /// connection must present one that does).
    /// </summary>
    public ClientCertificateMode ClientCertificateMode { get; set; } = ClientCertificateMode.NoCertificate;

    /// <summary>PEM file of the CA certificate(s) client certificates must chain to; only these are trusted, not the machine's roots.</summary>
    public string ClientCertificateAuthority { get; set; } = "";

    public bool ValidatesClientCertificates => ClientCertificateMode is ClientCertificateMode.AllowCertificate or ClientCertificateMode.RequireCertificate;
}
