using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>Polls a condition the server reaches asynchronously (sweeps, write-back), failing after a bound.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? within = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TestTimeout.Short);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(because ?? "condition not reached in time");
            }

            await Task.Delay(20);
        }
    }
}
