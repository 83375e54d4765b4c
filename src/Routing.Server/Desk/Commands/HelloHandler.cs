using Microsoft.Extensions.Options;
using Routing.Core.Agents;
using Routing.Protos.V1;
using Routing.Server.Configuration;
using Routing.Server.Grpc;

namespace Routing.Server.Desk.Commands;

/// <summary>
/// Hello: the agent's profile is checked before anything is stored (a bad hello ends the call with
/// INVALID_ARGUMENT naming the field), then the session is connected and answered by
/// <see cref="Welcome"/> with the assignments it resumes.
/// </summary>
public sealed class HelloHandler(IDeskEngine engine, RoutingConfigurationHolder configuration, TimeProvider time, IOptions<EngineOptions> engineOptions, IOptions<RoutingOptions> routing)
{
    public AgentProfile Validate(Hello hello) => configuration.Current.Profiles.Build(
        hello.AgentId,
        hello.DisplayName,
        hello.Skills.Select(s => new AgentSkill(s.Queue, s.Proficiency, s.Primary)),
        hello.Capacity.Select(c => new KeyValuePair<string, int>(c.Channel, c.MaxConcurrent)),
        hello.TotalCapacity,
        ProtoMapper.ToDomain(hello.InitialStatus));

    public async Task<DeskAnswer> WelcomeAsync(AgentSession session, AgentProfile profile, CancellationToken cancellationToken)
    {
        var connected = await engine.ConnectAsync(session, profile, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var welcome = new Welcome
        {
            SessionId = session.SessionId,
            AgentId = profile.AgentId,
            HeartbeatInterval = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(engineOptions.Value.HeartbeatInterval),
            Status = ProtoMapper.ToProtoStatus(profile.InitialStatus),
            Node = routing.Value.Node,
        };
        foreach (var contactId in connected.Resumed)
        {
            if (await engine.GetAssignmentAsync(session.Tenant, contactId, "", cancellationToken).ConfigureAwait(false) is { } assignment)
            {
                welcome.Resumed.Add(assignment);
            }
        }

        return new(new ConnectResponse { Welcome = welcome }, connected.Events);
    }
}
