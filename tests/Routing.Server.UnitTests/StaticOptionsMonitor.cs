using Microsoft.Extensions.Options;

namespace Routing.Server.UnitTests;

/// <summary>An options monitor that always answers the same value (no reloads in these tests).</summary>
internal sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
