using Grpc.Core;
using Routing.Core.Errors;
using Routing.Redis;
using Routing.Server.Grpc;
using StackExchange.Redis;

namespace Routing.Server.UnitTests;

public sealed class RoutingStatusTests
{
    [Fact]
    public void Describe_EveryEngineRefusal_HasItsOwnCodeAndNoneIsInternal()
    {
        var refusals = Enum.GetValues<DeskResultCode>().Where(c => c != DeskResultCode.Ok).Select(c => RoutingStatus.Describe(c, "x")).ToList();

        Assert.DoesNotContain(refusals, f => f.Status is StatusCode.Internal or StatusCode.Unknown or StatusCode.OK);
        Assert.Equal(refusals.Count, refusals.Select(f => f.Code).Distinct().Count());
    }

    [Fact]
    public void ToRpcException_RoutingException_CarriesCodeAndFieldInTrailers()
    {
        var ex = RoutingStatus.ToRpcException(new RoutingException(RoutingErrorKind.InvalidArgument, "invalid_argument", "contact.from: is required", "contact.from"));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(("invalid_argument", "contact.from"), (ex.Trailers.GetValue(RoutingStatus.ErrorTrailer), ex.Trailers.GetValue(RoutingStatus.FieldTrailer)));
    }

    [Fact]
    public void Describe_RedisTimeout_IsUnavailable()
    {
        var failure = RoutingStatus.Describe(new RedisTimeoutException("Timeout", CommandStatus.Sent));

        Assert.Equal((StatusCode.Unavailable, "queue_store_unavailable"), (failure.Status, failure.Code));
    }

    // Under overload a timed-out enqueue had often run: saying "nothing was written" then was false.
    [Theory]
    [InlineData(CommandStatus.Sent, true)]
    [InlineData(CommandStatus.Unknown, true)]
    [InlineData(CommandStatus.WaitingToBeSent, false)]
    [InlineData(CommandStatus.WaitingInBacklog, false)]
    public void Describe_RedisTimeout_SaysNothingWasWrittenOnlyWhenTheCommandNeverLeft(CommandStatus status, bool mayHaveRun)
    {
        var failure = RoutingStatus.Describe(new RedisTimeoutException("Timeout", status));

        Assert.Equal((StatusCode.Unavailable, "queue_store_unavailable"), (failure.Status, failure.Code));
        Assert.Equal(mayHaveRun, failure.Message.Contains("may have happened", StringComparison.Ordinal));
        Assert.Equal(!mayHaveRun, failure.Message.Contains("nothing was written", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("LOADING Redis is loading the dataset in memory", true)]
    [InlineData("BUSY Redis is busy running a script", true)]
    [InlineData("TRYAGAIN Multiple keys request during rehashing of slot", true)]
    [InlineData("ERR Error running script: attempt to compare nil with number", false)]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value", false)]
    public void IsStoreUnavailable_ServerError_OnlyWhenRedisSaysItCannotServeYet(string message, bool unavailable) =>
        Assert.Equal(unavailable, RoutingStatus.IsStoreUnavailable(new RedisServerException(message)));

    [Theory]
    [InlineData(StatusCode.ResourceExhausted, "message_too_large")]
    [InlineData(StatusCode.Unimplemented, "unimplemented")]
    [InlineData(StatusCode.DeadlineExceeded, "deadline_exceeded")]
    [InlineData(StatusCode.Unknown, "internal")]
    public void CodeFor_StatusRaisedBeforeAnyRouterCode_IsAStableSnakeCaseCode(StatusCode status, string code) =>
        Assert.Equal(code, RoutingStatus.CodeFor(status));
}
