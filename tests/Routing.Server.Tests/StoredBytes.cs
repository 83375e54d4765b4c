using System.Text;
using StackExchange.Redis;

namespace Routing.Server.Tests;

/// <summary>
/// Everything a store holds, as text, for tests that must prove some data is nowhere: every key and
/// value of a (test-only) Redis, read with KEYS, and the raw bytes of a SQLite file and its WAL.
/// </summary>
internal static class StoredBytes
{
    /// <summary>Every key of the server (or those matching <paramref name="pattern"/>) and every value in it, one line each.</summary>
    public static async Task<string> DumpRedisAsync(IConnectionMultiplexer redis, string pattern = "*")
    {
        var db = redis.GetDatabase();
        var text = new StringBuilder();
        foreach (var server in redis.GetServers().Where(s => !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: pattern))
            {
                text.Append(key.ToString()).Append(" =");
                var values = await db.KeyTypeAsync(key) switch
                {
                    RedisType.String => [await db.StringGetAsync(key)],
                    RedisType.Hash => (await db.HashGetAllAsync(key)).SelectMany(e => new[] { e.Name, e.Value }).ToArray(),
                    RedisType.List => await db.ListRangeAsync(key),
                    RedisType.Set => await db.SetMembersAsync(key),
                    RedisType.SortedSet => await db.SortedSetRangeByRankAsync(key),
                    _ => [],
                };
                foreach (var value in values)
                {
                    text.Append(' ').Append(value.ToString());
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }

    /// <summary>The database file and its write-ahead log as Latin-1 text (each byte one char), so UTF-8 strings can be searched for byte by byte.</summary>
    public static string ReadSqliteFiles(string path)
    {
        var text = new StringBuilder();
        foreach (var file in new[] { path, path + "-wal", path + "-journal" }.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            text.Append(Encoding.Latin1.GetString(copy.ToArray()));
        }

        return text.ToString();
    }

    /// <summary>The UTF-8 bytes of <paramref name="value"/> as the Latin-1 text <see cref="ReadSqliteFiles"/> returns.</summary>
    public static string AsFileText(string value) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(value));
}
