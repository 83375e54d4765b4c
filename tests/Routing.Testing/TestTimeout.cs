namespace Routing.Testing;

/// <summary>Every await in a test is bounded by one of these.</summary>
public static class TestTimeout
{
    public static readonly TimeSpan Short = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Long = TimeSpan.FromSeconds(120);
}
