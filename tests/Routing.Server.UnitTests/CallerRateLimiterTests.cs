using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Routing.Server.Security;

namespace Routing.Server.UnitTests;

public sealed class CallerRateLimiterTests
{
    [Fact]
    public void PartitionKey_AuthenticatedCaller_IsItsTenantAndSubject_WhateverTheAddress()
    {
        var identity = new ClaimsIdentity([new Claim(RoutingClaims.Tenant, "acme"), new Claim(RoutingClaims.Subject, "gw-chat")], authenticationType: "ApiKey");
        var first = Context("127.0.0.1", new ClaimsPrincipal(identity));
        var second = Context("127.0.0.2", new ClaimsPrincipal(identity));

        Assert.Equal("caller:acme/gw-chat", CallerRateLimiter.PartitionKey(first));
        Assert.Equal(CallerRateLimiter.PartitionKey(first), CallerRateLimiter.PartitionKey(second));
    }

    [Fact]
    public void PartitionKey_NoCredential_IsTheRemoteAddress()
    {
        Assert.Equal("address:127.0.0.2", CallerRateLimiter.PartitionKey(Context("127.0.0.2", new ClaimsPrincipal(new ClaimsIdentity()))));
    }

    private static DefaultHttpContext Context(string address, ClaimsPrincipal user)
    {
        var context = new DefaultHttpContext { User = user };
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return context;
    }
}
