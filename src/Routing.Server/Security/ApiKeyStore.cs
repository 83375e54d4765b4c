using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Routing.Redis;

namespace Routing.Server.Security;

/// <summary>
/// The gateway keys in force: those of "Security:ApiKeys" and of "Security:ApiKeyFile", which is
/// read again when it changes (checked at most every few seconds), so a key is rotated by adding
/// the new one, moving the gateways over, then removing the old one, without a restart. A file
/// that turns unreadable or invalid keeps the keys it had, with a warning.
/// </summary>
public sealed class ApiKeyStore
{
    private static readonly TimeSpan FileCheckInterval = TimeSpan.FromSeconds(2);
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly IReadOnlyList<StoredKey> _configured;
    private readonly string? _file;
    private readonly TimeProvider _time;
    private readonly ILogger<ApiKeyStore> _logger;
    private readonly Lock _reload = new();
    private IReadOnlyList<StoredKey> _fromFile = [];
    private DateTime _fileWrittenAt;
    private long _nextFileCheck;

    public ApiKeyStore(IOptions<SecurityOptions> options, DevelopmentCredentials development, TimeProvider time, ILogger<ApiKeyStore> logger)
    {
        _time = time;
        _logger = logger;
        var configured = options.Value.ApiKeys.Select(k => Parse(k, "Security:ApiKeys")).ToList();
        if (development.Current is { } dev)
        {
            configured.Add(Parse(dev.GatewayKeyOptions(), "development credentials"));
        }

        _configured = configured;
        _file = string.IsNullOrWhiteSpace(options.Value.ApiKeyFile) ? null : Path.GetFullPath(options.Value.ApiKeyFile);
        if (_file is not null)
        {
            // At start a missing or invalid file stops the server: better than a gateway fleet locked out.
            _fromFile = Load(_file);
            _fileWrittenAt = File.GetLastWriteTimeUtc(_file);
            _nextFileCheck = _time.GetTimestamp() + (long)(FileCheckInterval.TotalSeconds * _time.TimestampFrequency);
        }
    }

    /// <summary>The key whose hash matches <paramref name="presentedKey"/>, or null. Every stored hash is compared, each in constant time.</summary>
    public ApiKeyOptions? Find(string presentedKey)
    {
        ReloadFileIfChanged();
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey), digest);
        ApiKeyOptions? found = null;
        foreach (var key in _configured.Concat(_fromFile))
        {
            if (CryptographicOperations.FixedTimeEquals(key.Digest, digest) && found is null)
            {
                found = key.Options;
            }
        }

        return found;
    }

    /// <summary>Checks one key's settings; the message names the key and what is wrong.</summary>
    public static string? Validate(ApiKeyOptions key, string source)
    {
        var name = string.IsNullOrWhiteSpace(key.Id) ? "a key without Id" : $"key '{key.Id}'";
        if (string.IsNullOrWhiteSpace(key.Id))
        {
            return $"{source}: every key needs an Id (the gateway's name, its credential's subject).";
        }

        if (!RoutingKeys.IsValidTenant(key.Tenant))
        {
            return $"{source}: {name} needs a Tenant of 1-64 characters of a-z, 0-9, '-' or '_'.";
        }

        if (key.Channels.Count == 0 || key.Channels.Any(string.IsNullOrWhiteSpace))
        {
            return $"{source}: {name} needs Channels, the channels it may submit on (\"*\" for every channel).";
        }

        return ApiKeyHash.TryParse(key.Hash) is null
            ? $"{source}: {name} needs a Hash \"sha256:<64 hex digits>\" (Routing.Server hash-key <key> prints it)."
            : null;
    }

    private static StoredKey Parse(ApiKeyOptions key, string source)
    {
        if (Validate(key, source) is { } error)
        {
            throw new InvalidOperationException(error);
        }

        var normalized = new ApiKeyOptions
        {
            Id = key.Id.Trim(),
            Tenant = key.Tenant,
            Channels = key.Channels.Select(c => c.Trim().ToLowerInvariant()).ToList(),
            Hash = key.Hash,
        };
        return new StoredKey(normalized, ApiKeyHash.TryParse(key.Hash)!);
    }

    private static List<StoredKey> Load(string file)
    {
        using var stream = File.OpenRead(file);
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var array = document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement
            : document.RootElement.EnumerateObject().FirstOrDefault(p => p.Name.Equals("ApiKeys", StringComparison.OrdinalIgnoreCase)).Value;
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidOperationException($"Security:ApiKeyFile {file}: expected an array of keys or {{\"ApiKeys\": [...]}}.");
        }

        return array.Deserialize<List<ApiKeyOptions>>(Json)!.Select(k => Parse(k, $"Security:ApiKeyFile {file}")).ToList();
    }

    private void ReloadFileIfChanged()
    {
        if (_file is null || _time.GetTimestamp() < Volatile.Read(ref _nextFileCheck) || !_reload.TryEnter())
        {
            return;
        }

        try
        {
            _nextFileCheck = _time.GetTimestamp() + (long)(FileCheckInterval.TotalSeconds * _time.TimestampFrequency);
            var writtenAt = File.GetLastWriteTimeUtc(_file);
            if (writtenAt == _fileWrittenAt)
            {
                return;
            }

            // Once per change: a file that stays invalid is not reported again until it changes.
            _fileWrittenAt = writtenAt;
            _fromFile = Load(_file);
            SecurityLog.KeyFileReloaded(_logger, _fromFile.Count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            SecurityLog.KeyFileInvalid(_logger, ex.Message);
        }
        finally
        {
            _reload.Exit();
        }
    }

    private sealed record StoredKey(ApiKeyOptions Options, byte[] Digest);
}
