namespace Routing.Redis;

/// <summary>What publishing a node's queue strategies did: refused when Redis held a newer configuration version's.</summary>
/// <param name="Published">False: <paramref name="StoredVersion"/> is newer than the node's, nothing was written.</param>
/// <param name="StoredVersion">The version Redis held before (-1: none).</param>
public sealed record StrategiesPublished(bool Published, long StoredVersion);
