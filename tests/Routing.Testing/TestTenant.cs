namespace Routing.Testing;

/// <summary>A fresh tenant per test, so tests sharing one Redis never see each other's keys.</summary>
public static class TestTenant
{
    public static string New() => "t" + Guid.NewGuid().ToString("N")[..16];
}
