namespace Routing.Redis;

/// <summary>What a script's span names (ids only, never personal data); null where the caller does not know it.</summary>
internal readonly record struct ScriptTags(string Tenant, string? ContactId = null, string? Queue = null, string? AgentId = null);
