namespace Routing.Redis;

/// <summary>
/// Documents one key builder of <see cref="RoutingKeys"/>: its name after the tenant prefix, with
/// the builder's arguments as {placeholders} in order, its Redis type and what it holds. The
/// README's key table is these, checked by a test that also runs every builder against its pattern.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property)]
public sealed class RedisKeyAttribute(string pattern, string type, string holds) : Attribute
{
    public string Pattern { get; } = pattern;

    public string Type { get; } = type;

    public string Holds { get; } = holds;
}
