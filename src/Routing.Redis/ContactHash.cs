using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// How a contact hash is laid out so that Redis keeps it as a listpack (every value at most 64
/// bytes, hash-max-listpack-value's default; a single longer value turns the whole hash into a
/// hashtable, several times the size): a long value (subject, message text, attributes) is stored
/// in parts "text", "text.1", "text.2", ... of at most 64 bytes, and the CRM snapshot is stored
/// once per thread and version (<see cref="RoutingKeys.CustomerSnapshot"/>), the contact naming
/// its version in "crmv". Readers fold the parts back and fetch the snapshot. A contact written
/// before this layout (one long "text", the snapshot inline in "crm") reads the same, so contacts
/// waiting through an upgrade are served as before.
/// </summary>
internal static class ContactHash
{
    /// <summary>hash-max-listpack-value's default: the longest value a listpack hash may hold.</summary>
    public const int MaxValueBytes = 64;

    /// <summary>The fields that may be long: packed in parts on write, folded on read. No script reads them.</summary>
    private static readonly string[] Packed = [ContactFields.Subject, ContactFields.Text, ContactFields.Attributes];

    /// <summary>The field/value pairs that store <paramref name="value"/>: "field", then "field.1", ... while it lasts.</summary>
    public static IEnumerable<RedisValue> Pack(string field, string value)
    {
        var part = 0;
        var start = 0;
        var bytes = 0;
        var i = 0;
        while (i < value.Length)
        {
            var rune = Rune.GetRuneAt(value, i);
            if (bytes + rune.Utf8SequenceLength > MaxValueBytes)
            {
                yield return PartName(field, part++);
                yield return value[start..i];
                start = i;
                bytes = 0;
            }

            bytes += rune.Utf8SequenceLength;
            i += rune.Utf16SequenceLength;
        }

        yield return PartName(field, part);
        yield return value[start..];
    }

    /// <summary>The version naming a snapshot: the first 8 bytes of its SHA-256, hex (the same snapshot, the same key).</summary>
    public static string Version(string snapshotJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(snapshotJson)).AsSpan(0, 8));

    /// <summary>A contact hash's fields with long values folded back into one field each.</summary>
    public static Dictionary<string, string> Read(HashEntry[] entries)
    {
        var f = entries.ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal);
        foreach (var field in Packed)
        {
            if (!f.ContainsKey(PartName(field, 1)))
            {
                continue;
            }

            var whole = new StringBuilder(f.GetValueOrDefault(field, ""));
            for (var part = 1; f.Remove(PartName(field, part), out var value); part++)
            {
                whole.Append(value);
            }

            f[field] = whole.ToString();
        }

        return f;
    }

    /// <summary>A contact's fields, its long values folded and its CRM snapshot in "crm"; null when the tenant holds no such contact.</summary>
    public static async Task<Dictionary<string, string>?> ReadAsync(IDatabaseAsync db, RoutingKeys keys, string contactId)
    {
        var entries = await db.HashGetAllAsync(keys.Contact(contactId)).ConfigureAwait(false);
        if (entries.Length == 0)
        {
            return null;
        }

        var fields = Read(entries);
        await WithSnapshotsAsync(db, keys, [fields]).ConfigureAwait(false);
        return fields;
    }

    /// <summary>The snapshot key the contact names, or null when it names none (or holds its snapshot inline, as contacts written before did).</summary>
    public static RedisKey? SnapshotKey(RoutingKeys keys, string? inline, string? thread, string? version) =>
        string.IsNullOrEmpty(inline) && !string.IsNullOrEmpty(version) && thread is not null ? keys.CustomerSnapshot(thread, version) : (RedisKey?)null;

    /// <summary>
    /// Puts each contact's CRM snapshot in its "crm" field (as contacts written before held it):
    /// one pipelined read of the distinct snapshots the contacts name. A snapshot that expired or was
    /// erased leaves "crm" out, as a contact without one.
    /// </summary>
    public static async Task WithSnapshotsAsync(IDatabaseAsync db, RoutingKeys keys, IReadOnlyCollection<Dictionary<string, string>> contacts)
    {
        var wanted = new Dictionary<RedisKey, Task<RedisValue>>();
        var named = new List<(Dictionary<string, string> Fields, RedisKey Key)>();
        foreach (var f in contacts)
        {
            if (SnapshotKey(keys, f.GetValueOrDefault(ContactFields.Customer), f.GetValueOrDefault(ContactFields.ThreadKey), f.GetValueOrDefault(ContactFields.CustomerVersion)) is { } key)
            {
                named.Add((f, key));
                if (!wanted.ContainsKey(key))
                {
                    wanted[key] = db.StringGetAsync(key);
                }
            }
        }

        if (wanted.Count == 0)
        {
            return;
        }

        await Task.WhenAll(wanted.Values).ConfigureAwait(false);
        foreach (var (f, key) in named)
        {
            if (wanted[key].Result is { IsNull: false } json)
            {
                f[ContactFields.Customer] = json!;
            }
        }
    }

    private static string PartName(string field, int part) => part == 0 ? field : field + "." + part.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
