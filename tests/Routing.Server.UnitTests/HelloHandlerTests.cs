using Routing.Core.Errors;
using Routing.Protos.V1;
using Routing.Server.Desk;

namespace Routing.Server.UnitTests;

public sealed class HelloHandlerTests : IDisposable
{
    private readonly DeskTestContext _desk = new();

    [Fact]
    public async Task Welcome_AfterReconnect_ResumesTheContactsStillHeld_AndSkipsGoneOnes()
    {
        _desk.Engine.Connection = new AgentConnection(["ct-1", "ct-gone"], StubDeskEngine.SomeEvents);
        _desk.Engine.Contacts["ct-1"] = new Assignment { Contact = new Contact { ContactId = "ct-1" } };
        var profile = _desk.Hello.Validate(new Hello { AgentId = "ada", InitialStatus = AgentStatus.Away });

        var answer = await _desk.Hello.WelcomeAsync(_desk.Session, profile, CancellationToken.None);

        var welcome = answer.Reply.Welcome;
        Assert.Equal(("ses-1", "ada", AgentStatus.Away, "n1"), (welcome.SessionId, welcome.AgentId, welcome.Status, welcome.Node));
        Assert.Equal("ct-1", Assert.Single(welcome.Resumed).Contact.ContactId);
        Assert.Same(StubDeskEngine.SomeEvents, answer.Events);
        Assert.Equal("connect ada away", _desk.Engine.Calls[0]);
    }

    [Theory]
    [InlineData(AgentStatus.Offline)]
    [InlineData((AgentStatus)42)]
    public void Validate_InitialStatusNotAvailableOrAway_IsInvalidArgumentNamingTheField(AgentStatus status)
    {
        var ex = Assert.Throws<RoutingException>(() => _desk.Hello.Validate(new Hello { AgentId = "ada", InitialStatus = status }));

        Assert.Equal((RoutingErrorKind.InvalidArgument, "hello.initial_status"), (ex.Kind, ex.Field));
    }

    [Fact]
    public void Validate_Unspecified_StartsAvailable() =>
        Assert.Equal("available", _desk.Hello.Validate(new Hello { AgentId = "ada" }).InitialStatus);

    public void Dispose() => _desk.Dispose();
}
