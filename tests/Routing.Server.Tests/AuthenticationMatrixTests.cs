using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Routing.Protos.V1;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>
/// Every RPC against every kind of credential, through real Kestrel: no credential, an expired
/// token, a token signed by another key, a valid credential of the wrong role, and the right one.
/// A refused call answers UNAUTHENTICATED or PERMISSION_DENIED with the router's code and writes
/// nothing (the tenant's keys in Redis are the same before and after).
/// </summary>
public sealed class AuthenticationMatrixTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private const string OtherKey = "b3RoZXItc2lnbmluZy1rZXktbm90LXRoZS1zZXJ2ZXJzLTAx";
    private RoutingServerHost _host = null!;

    public enum Credential
    {
        None,
        Expired,
        OtherSigningKey,
        WrongRole,
        Valid,
    }

    public async Task InitializeAsync() => _host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, Credential, StatusCode, string> Cases()
    {
        var data = new TheoryData<string, Credential, StatusCode, string>();
        foreach (var rpc in new[] { "Submit", "SubmitStream", "Cancel", "Connect", "Echo" })
        {
            data.Add(rpc, Credential.None, StatusCode.Unauthenticated, "credential_missing");
            data.Add(rpc, Credential.Expired, StatusCode.Unauthenticated, "credential_expired");
            data.Add(rpc, Credential.OtherSigningKey, StatusCode.Unauthenticated, "credential_invalid");
            data.Add(rpc, Credential.WrongRole, StatusCode.PermissionDenied, "role_not_allowed");
            data.Add(rpc, Credential.Valid, StatusCode.OK, "");
        }

        foreach (var rpc in new[] { "Health", "Reflection" })
        {
            foreach (var credential in Enum.GetValues<Credential>())
            {
                data.Add(rpc, credential, StatusCode.OK, "");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Rpc_WithCredential_IsAnsweredAsExpected_AndARefusalWritesNothing(string rpc, Credential credential, StatusCode expected, string code)
    {
        var headers = HeadersFor(rpc, credential);
        var contactId = rpc == "Cancel" ? (await _host.SubmitAsync(DeskTestKit.NewCustomer("sms"))).ContactId : null;
        var before = await RedisProbe.KeysAsync(redis.Connection, _host.Tenant);

        var (status, error) = await CallAsync(rpc, headers, contactId);

        Assert.Equal(expected, status);
        if (expected != StatusCode.OK)
        {
            Assert.Equal(code, error);
            Assert.Equal(before.Order(), (await RedisProbe.KeysAsync(redis.Connection, _host.Tenant)).Order());
            if (contactId is not null)
            {
                // Still waiting: the supervisor's cancel is the one that takes it.
                var cancelled = await new ContactIngest.ContactIngestClient(_host.Channel).CancelAsync(new CancelRequest { ContactId = contactId }, _host.Credentials.SupervisorHeaders());
                Assert.Equal(ContactState.Queued, cancelled.PreviousState);
            }
        }
    }

    [Fact]
    public async Task Reflection_WhenNotEnabled_IsNotServed()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?> { ["Security:Reflection"] = "false" });
        using var call = new ServerReflection.ServerReflectionClient(host.Channel).ServerReflectionInfo(TestCredentials.Bearer(""), deadline: DateTime.UtcNow.Add(TestTimeout.Short));
        try
        {
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        }
        catch (RpcException)
        {
            // The server may refuse the call before the request is written; the status is read below either way.
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task Token_WithoutTenant_IsUnauthenticated()
    {
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = TestCredentials.Issuer,
            Audience = TestCredentials.Audience,
            Claims = new Dictionary<string, object> { ["sub"] = "sue", ["role"] = "supervisor" },
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new(new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(Convert.FromBase64String(TestCredentials.SigningKey)), "HS256"),
        });
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new Diagnostics.DiagnosticsClient(_host.Channel).EchoAsync(new EchoRequest(), TestCredentials.Bearer(token), DateTime.UtcNow.Add(TestTimeout.Short)).ResponseAsync);

        Assert.Equal((StatusCode.Unauthenticated, "credential_invalid"), (error.StatusCode, error.Trailers.GetValue("routing-error")));
    }

    private Metadata HeadersFor(string rpc, Credential credential)
    {
        var tenant = _host.Tenant;
        var gatewayRpc = rpc is "Submit" or "SubmitStream" or "Echo" or "Health" or "Reflection";
        var roles = rpc switch
        {
            "Cancel" => new[] { "supervisor" },
            "Connect" => ["agent"],
            _ => ["supervisor", "admin"],
        };
        return credential switch
        {
            Credential.None => [],
            Credential.Expired => TestCredentials.Bearer(TestCredentials.Mint(tenant, "ada", roles, TimeSpan.FromMinutes(-5))),
            Credential.OtherSigningKey => TestCredentials.Bearer(TestCredentials.Mint(tenant, "ada", roles, signingKey: OtherKey)),
            // An agent may not submit, cancel or echo; a gateway may not be a desk.
            Credential.WrongRole => rpc == "Connect" ? _host.Credentials.GatewayHeaders() : _host.Credentials.AgentHeaders("ada"),
            _ => rpc == "Connect" ? _host.Credentials.AgentHeaders("ada") : gatewayRpc ? _host.Credentials.GatewayHeaders() : TestCredentials.Bearer(TestCredentials.Mint(tenant, "sue", roles)),
        };
    }

    // A refused streaming call can be answered before its request is written: the write then fails
    // (often as CANCELLED) and the refusal's own status arrives with the response, which the caller reads next.
    private static async Task SendRacingTheAnswerAsync(Func<Task> send)
    {
        try
        {
            await send();
        }
        catch (RpcException)
        {
        }
    }

    /// <summary>Makes the call with exactly <paramref name="headers"/> (an empty "authorization" keeps the channel's default away); its status and routing-error code.</summary>
    private async Task<(StatusCode Status, string? Code)> CallAsync(string rpc, Metadata headers, string? contactId)
    {
        if (headers.Count == 0)
        {
            headers.Add("authorization", "");
        }

        var deadline = DateTime.UtcNow.Add(TestTimeout.Short);
        var ingest = new ContactIngest.ContactIngestClient(_host.Channel);
        try
        {
            switch (rpc)
            {
                case "Submit":
                    await ingest.SubmitAsync(new SubmitRequest { Contact = DeskTestKit.NewCustomer("chat") }, headers, deadline);
                    break;
                case "SubmitStream":
                    using (var call = ingest.SubmitStream(headers, deadline))
                    {
                        await SendRacingTheAnswerAsync(async () =>
                        {
                            await call.RequestStream.WriteAsync(new SubmitStreamRequest { Contact = DeskTestKit.NewCustomer("email") });
                            await call.RequestStream.CompleteAsync();
                        });
                        Assert.True(await call.ResponseStream.MoveNext());
                        Assert.NotNull(call.ResponseStream.Current.Receipt);
                    }

                    break;
                case "Cancel":
                    await ingest.CancelAsync(new CancelRequest { ContactId = contactId }, headers, deadline);
                    break;
                case "Connect":
                    using (var call = new AgentDesk.AgentDeskClient(_host.Channel).Connect(headers, deadline))
                    {
                        await SendRacingTheAnswerAsync(() => call.RequestStream.WriteAsync(new ConnectRequest { Hello = new Hello { AgentId = "ada", Skills = { new SkillProficiency { Queue = "general", Proficiency = 3 } } } }));
                        Assert.True(await call.ResponseStream.MoveNext());
                        Assert.NotNull(call.ResponseStream.Current.Welcome);
                        await call.RequestStream.CompleteAsync();
                        while (await call.ResponseStream.MoveNext())
                        {
                        }
                    }

                    break;
                case "Echo":
                    await new Diagnostics.DiagnosticsClient(_host.Channel).EchoAsync(new EchoRequest(), headers, deadline);
                    break;
                case "Health":
                    await new Health.HealthClient(_host.Channel).CheckAsync(new HealthCheckRequest(), headers, deadline);
                    break;
                case "Reflection":
                    using (var call = new ServerReflection.ServerReflectionClient(_host.Channel).ServerReflectionInfo(headers, deadline))
                    {
                        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
                        await call.RequestStream.CompleteAsync();
                        Assert.True(await call.ResponseStream.MoveNext());
                        Assert.Contains(call.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == "routing.v1.ContactIngest");
                    }

                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(rpc), rpc, "no such RPC");
            }

            return (StatusCode.OK, null);
        }
        catch (RpcException ex)
        {
            return (ex.StatusCode, ex.Trailers.GetValue("routing-error"));
        }
    }
}
