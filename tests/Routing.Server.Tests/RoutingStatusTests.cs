extern alias server;

using Grpc.Core;
using StackExchange.Redis;
using Status = server::Routing.Server.Grpc.RoutingStatus;

namespace Routing.Server.Tests;

/// <summary>What callers see when the queue store fails in the ways a Redis restart fails.</summary>
public sealed class RoutingStatusTests
{
    [Fact]
    public void Describe_RedisReplayingItsAppendOnlyFile_IsUnavailableWithTheStoreCode()
    {
        var (status, code, _, _) = Status.Describe(new RedisServerException("LOADING Redis is loading the dataset in memory"));

        Assert.Equal((StatusCode.Unavailable, "queue_store_unavailable"), (status, code));
    }

    [Fact]
    public void Describe_OtherRedisServerError_StaysInternal()
    {
        var (status, code, _, _) = Status.Describe(new RedisServerException("ERR something else"));

        Assert.Equal((StatusCode.Internal, "internal"), (status, code));
    }
}
