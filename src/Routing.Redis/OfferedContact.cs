namespace Routing.Redis;

/// <summary>A contact as its offer is built from it: the contact and the bundle its offer belongs to ("" when alone), read in one HGETALL.</summary>
public sealed record OfferedContact(StoredContact Contact, string BundleId);
