namespace Routing.Redis;

/// <summary>Erases one thread of a customer (erase.lua): its contacts are cancelled if in flight, then deleted with everything that lists them.</summary>
public sealed record EraseCommand(string Tenant, string ThreadKey, string Reason, DateTimeOffset Now, string Node);
