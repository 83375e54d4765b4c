namespace Routing.Crm.Tests;

internal static class Timeouts
{
    /// <summary>Every await in a test is bounded by this, so a hang fails the test instead of the run.</summary>
    public static readonly TimeSpan Test = TimeSpan.FromSeconds(10);
}
