extern alias server;

using Microsoft.Extensions.DependencyInjection;
using Routing.Protos.V1;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>Helpers of the business-hours and dead-letter tests: a shared movable clock and "a sweep ran at this time".</summary>
internal static class HoursTestKit
{
    public static Task<RoutingServerHost> StartAsync(string redis, MovableClock clock, IDictionary<string, string?> settings, string? tenant = null, string? node = null) =>
        RoutingServerHost.StartAsync(redis, settings, tenant, node, configure: b => b.Services.AddSingleton<TimeProvider>(clock));

    /// <summary>Waits until the node's sweeper has run a whole pass at the clock's current time (its heartbeat carries that time).</summary>
    public static async Task SweptAtAsync(RoutingServerHost host, StackExchange.Redis.IConnectionMultiplexer redis, string node, DateTimeOffset at)
    {
        var db = redis.GetDatabase();
        await Eventually.TrueAsync(async () => await db.SortedSetScoreAsync(host.Keys.Nodes, node) == at.ToUnixTimeMilliseconds(), TestTimeout.Short, $"{node} did not sweep at {at:O}");
    }

    public static async Task<GetContactTimelineResponse> TimelineAsync(RoutingServerHost host, string contactId) =>
        await new Protos.V1.Supervisor.SupervisorClient(host.Channel).GetContactTimelineAsync(new GetContactTimelineRequest { ContactId = contactId }).ResponseAsync.WaitAsync(TestTimeout.Short);

    public static async Task<ListDeadLettersResponse> DeadLettersAsync(RoutingServerHost host, string queue = "") =>
        await new Protos.V1.Supervisor.SupervisorClient(host.Channel).ListDeadLettersAsync(new ListDeadLettersRequest { Queue = queue }).ResponseAsync.WaitAsync(TestTimeout.Short);

    public static DateTimeOffset Utc(string at) => DateTimeOffset.Parse(at + "Z", System.Globalization.CultureInfo.InvariantCulture);
}
