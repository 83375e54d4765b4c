using System.Text.Json.Serialization;
using Routing.Core.Customers;
using Routing.Core.Privacy;

namespace Routing.Redis;

/// <summary>Source-generated JSON for what the store keeps as JSON strings (no reflection on the hot path).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(CustomerContext))]
[JsonSerializable(typeof(AuditEntry))]
[JsonSerializable(typeof(TimelineEntry))]
[JsonSerializable(typeof(MergedMessage))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class RedisJsonContext : JsonSerializerContext;
