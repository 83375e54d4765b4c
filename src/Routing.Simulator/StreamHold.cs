using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Routing.Protos.V1;

namespace Routing.Simulator;

/// <summary>
/// Opens many agent desk streams (status AWAY, so nothing is offered) and holds them, to measure
/// what an idle connected desk costs the server. Bounded in count and time.
/// </summary>
public sealed class StreamHold(Uri target, int streams, TimeSpan hold, TextWriter output, SimulatorCredentials? credentials = null)
{
    public async Task<(int Connected, TimeSpan ConnectTime)> RunAsync(Func<int, Task>? whileHeld, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(target, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(hold + TimeSpan.FromMinutes(2));
        var connected = 0;
        var clock = Stopwatch.StartNew();
        var runId = "hold-" + Random.Shared.Next(100_000, 999_999);
        using var gate = new SemaphoreSlim(200);
        var desks = Enumerable.Range(0, streams).Select(async i =>
        {
            await gate.WaitAsync(stop.Token);
            var released = false;
            try
            {
                var agentId = $"{runId}-{i:D5}";
                using var call = new AgentDesk.AgentDeskClient(channel).Connect((credentials ?? SimulatorCredentials.None).Agent(agentId), cancellationToken: stop.Token);
                var hello = new Hello { AgentId = agentId, InitialStatus = AgentStatus.Away };
                hello.Skills.Add(new SkillProficiency { Queue = "general", Proficiency = 3, Primary = true });
                await call.RequestStream.WriteAsync(new ConnectRequest { Hello = hello }, stop.Token);
                if (await call.ResponseStream.MoveNext(stop.Token) && call.ResponseStream.Current.Welcome is not null)
                {
                    Interlocked.Increment(ref connected);
                }

                gate.Release();
                released = true;
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or RpcException)
            {
            }
            finally
            {
                if (!released)
                {
                    gate.Release();
                }
            }
        }).ToList();

        while (Volatile.Read(ref connected) < streams && !stop.IsCancellationRequested && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(1000, CancellationToken.None);
            output.WriteLine($"  {Volatile.Read(ref connected),6} of {streams} desk streams connected ({clock.Elapsed.TotalSeconds:F0} s)");
        }

        var connectTime = clock.Elapsed;
        if (whileHeld is not null)
        {
            await whileHeld(connected);
        }
        else
        {
            await Task.Delay(hold, CancellationToken.None);
        }

        await stop.CancelAsync();
        await Task.WhenAll(desks);
        return (connected, connectTime);
    }
}
