using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using Routing.Protos.V1;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>
/// TLS end to end: a real Kestrel HTTPS endpoint with a certificate the test issued from its own
/// CA, gRPC over HTTP/2 negotiated by ALPN, and clients that trust that CA only.
/// </summary>
public sealed class TlsTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IDisposable
{
    private readonly TestCertificates _pki = new();
    private readonly TestCertificates _otherPki = new("Some Other CA");

    public void Dispose()
    {
        _pki.Dispose();
        _otherPki.Dispose();
    }

    [Fact]
    public async Task Submit_OverTlsWithPemCertificate_Works_AndAPlaintextClientIsRefused()
    {
        var (certificate, key, _) = _pki.IssueServer();
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Urls"] = null,
            ["Kestrel:Endpoints:grpc:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:grpc:Certificate:Path"] = certificate,
            ["Kestrel:Endpoints:grpc:Certificate:KeyPath"] = key,
        });
        Assert.Equal("https", host.Address.Scheme);

        using var tls = Channel(host.Address);
        var receipt = await SubmitAsync(host, tls, "tls-1");
        Assert.NotEmpty(receipt.ContactId);

        using var plaintext = GrpcChannel.ForAddress(new UriBuilder(host.Address) { Scheme = "http" }.Uri);
        AssertRefusedConnection(await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(host, plaintext, "h2c-1")));
        Assert.False(await redis.Connection.GetDatabase().KeyExistsAsync(host.Keys.ExternalId("chat", "h2c-1")).WaitAsync(TestTimeout.Short));
    }

    [Fact]
    public async Task Submit_OverTlsWithPfxAsDefaultCertificateForHttpsUrls_Works_AndAClientTrustingAnotherCaRefuses()
    {
        var (_, _, pfx) = _pki.IssueServer();
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Urls"] = "https://127.0.0.1:0",
            ["Kestrel:Certificates:Default:Path"] = pfx,
            ["Kestrel:Certificates:Default:Password"] = TestCertificates.PfxPassword,
        });

        using var tls = Channel(host.Address);
        Assert.NotEmpty((await SubmitAsync(host, tls, "pfx-1")).ContactId);

        using var distrusting = Channel(host.Address, trust: _otherPki.Authority);
        await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(host, distrusting, "pfx-2"));
    }

    [Fact]
    public async Task Submit_WithClientCertificatesRequired_RefusesNoCertificateAndAnotherCasCertificate_AcceptsTheCasOwn()
    {
        var (certificate, key, _) = _pki.IssueServer();
        using var logs = new LogCapture();
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Urls"] = "https://127.0.0.1:0",
            ["Kestrel:Certificates:Default:Path"] = certificate,
            ["Kestrel:Certificates:Default:KeyPath"] = key,
            ["Security:Tls:ClientCertificateMode"] = "RequireCertificate",
            ["Security:Tls:ClientCertificateAuthority"] = _pki.AuthorityPem,
        }, logs: logs);
        var db = redis.Connection.GetDatabase();

        using var anonymous = Channel(host.Address);
        AssertRefusedConnection(await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(host, anonymous, "mtls-none")));

        using var stranger = Channel(host.Address, client: _otherPki.IssueClient());
        AssertRefusedConnection(await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(host, stranger, "mtls-other-ca")));
        Assert.Contains(logs.Entries, e => e.EventId.Id == 6401);

        using var gateway = Channel(host.Address, client: _pki.IssueClient());
        Assert.NotEmpty((await SubmitAsync(host, gateway, "mtls-ok")).ContactId);

        Assert.False(await db.KeyExistsAsync(host.Keys.ExternalId("chat", "mtls-none")).WaitAsync(TestTimeout.Short));
        Assert.False(await db.KeyExistsAsync(host.Keys.ExternalId("chat", "mtls-other-ca")).WaitAsync(TestTimeout.Short));
        Assert.True(await db.KeyExistsAsync(host.Keys.ExternalId("chat", "mtls-ok")).WaitAsync(TestTimeout.Short));
    }

    [Fact]
    public async Task Start_ClientCertificatesRequiredOnAPlaintextEndpoint_IsRefused()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Security:Tls:ClientCertificateMode"] = "RequireCertificate",
            ["Security:Tls:ClientCertificateAuthority"] = _pki.AuthorityPem,
        }));

        Assert.Contains("Security:Tls:ClientCertificateMode", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The connection failed before any call reached the router: UNAVAILABLE, or INTERNAL when the
    /// TLS 1.3 client had already sent its request when the server's alert arrived.
    /// </summary>
    private static void AssertRefusedConnection(RpcException refused)
    {
        Assert.True(refused.StatusCode is StatusCode.Unavailable or StatusCode.Internal, refused.Status.ToString());
        Assert.Null(refused.Trailers.GetValue("routing-error"));
    }

    /// <summary>A client that trusts <paramref name="trust"/> (the test CA by default) and nothing else, optionally presenting a client certificate.</summary>
    private GrpcChannel Channel(Uri address, X509Certificate2? trust = null, X509Certificate2? client = null)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(trust ?? _pki.Authority);
        var ssl = new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
        if (client is not null)
        {
            ssl.ClientCertificates = [client];
        }

        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { SslOptions = ssl } });
    }

    private static async Task<ContactReceipt> SubmitAsync(RoutingServerHost host, GrpcChannel channel, string externalId)
    {
        var contact = new InboundContact { Channel = "chat", ExternalId = externalId, From = "visitor-" + externalId, Text = "hello over TLS" };
        var response = await new ContactIngest.ContactIngestClient(channel).SubmitAsync(new SubmitRequest { Contact = contact }, host.Credentials.GatewayHeaders()).ResponseAsync.WaitAsync(TestTimeout.Short);
        return response.Receipt;
    }
}
