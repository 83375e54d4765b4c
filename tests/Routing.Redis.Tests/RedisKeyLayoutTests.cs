using System.Reflection;
using System.Text;
using StackExchange.Redis;

namespace Routing.Redis.Tests;

/// <summary>The Redis key layout is written once, in <see cref="RoutingKeys"/>; the README's table is checked against it.</summary>
public sealed class RedisKeyLayoutTests
{
    private const string Begin = "<!-- redis-keys:begin (generated from RoutingKeys; RedisKeyLayoutTests checks it) -->";
    private const string End = "<!-- redis-keys:end -->";

    [Fact]
    public void RoutingKeys_EveryKeyBuilder_BuildsItsDocumentedPattern()
    {
        var keys = new RoutingKeys("acme");
        var builders = Builders().ToList();

        Assert.NotEmpty(builders);
        foreach (var (member, layout) in builders)
        {
            // Each {placeholder} of the pattern is one argument of the builder, in order.
            var placeholders = System.Text.RegularExpressions.Regex.Matches(layout.Pattern, "{[^}]+}").Select(m => (object)m.Value).ToArray();
            var built = member switch
            {
                MethodInfo method => (RedisKey)method.Invoke(keys, placeholders)!,
                PropertyInfo property => (RedisKey)property.GetValue(keys)!,
                _ => throw new InvalidOperationException(member.Name),
            };
            Assert.Equal("routing:{acme}:" + layout.Pattern, (string)built!);
        }
    }

    [Fact]
    public void RoutingKeys_GlobalKeys_AreOutsideEveryTenantAndDocumentedByTheirFullName()
    {
        var globals = GlobalBuilders().ToList();

        Assert.Single(globals);
        foreach (var (member, layout) in globals)
        {
            string built = ((RedisKey)((PropertyInfo)member).GetValue(null)!).ToString();
            Assert.Equal(layout.Pattern, built);
            Assert.DoesNotContain('{', built);
            Assert.False(built.StartsWith(new RoutingKeys("acme").Prefix, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void RoutingKeys_EveryPublicKeyBuilder_IsDocumented()
    {
        var undocumented = typeof(RoutingKeys).GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => (m is MethodInfo { IsSpecialName: false } method && method.ReturnType == typeof(RedisKey)) || (m is PropertyInfo property && property.PropertyType == typeof(RedisKey)))
            .Where(m => m.GetCustomAttribute<RedisKeyAttribute>() is null)
            .Select(m => m.Name);

        Assert.Empty(undocumented);
    }

    [Fact]
    public void Readme_RedisKeyTable_IsTheOneRoutingKeysDocuments()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        var from = readme.IndexOf(Begin, StringComparison.Ordinal);
        var to = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"README.md must hold the key table between '{Begin}' and '{End}'.");

        var table = readme[(from + Begin.Length)..to].Trim('\n');

        Assert.True(table == Table(), $"README.md's Redis key table differs from RoutingKeys. Replace it with:\n{Table()}");
    }

    [Fact]
    public void LuaScripts_EveryKeyNamedFromData_IsOneOfRoutingKeysPatterns()
    {
        // key('c:' .. cid .. ':tl') names a key learned from data: its literal start must be a documented key's.
        var starts = Builders().Select(b => b.Layout.Pattern.Split('{')[0]).ToHashSet(StringComparer.Ordinal);
        var files = LuaScripts.All.SelectMany(s => s.Source.Files).Distinct().ToList();
        var named = files
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(LuaScripts.ReadFile(f), @"key\('([^']*)'").Select(m => (File: f, Start: m.Groups[1].Value)))
            .ToList();

        Assert.Contains(named, n => n.Start == "c:");
        Assert.All(named, n => Assert.True(starts.Contains(n.Start), $"{n.File} names key '{n.Start}...', which RoutingKeys does not document."));
    }

    [Fact]
    public void EveryScript_DeclaresTheFenceFirstAndExactlyTheFixedKeysItsTextNames()
    {
        // Fixed keys are the documented keys without a {placeholder} (ox, qc, ...); Lua names them key('ox').
        var keys = new RoutingKeys("acme");
        var fixedNames = Builders().Select(b => b.Layout.Pattern).Where(p => !p.Contains('{', StringComparison.Ordinal) && p != "fence").ToHashSet(StringComparer.Ordinal);
        foreach (var script in LuaScripts.All)
        {
            var (_, declared, _) = ScriptSamples.Call(script.Name, "acme");
            var named = System.Text.RegularExpressions.Regex.Matches(script.Text, @"key\('([a-z]+)'\)").Select(m => m.Groups[1].Value).Where(fixedNames.Contains).ToHashSet();
            var declaredFixed = declared.Skip(1).Select(k => ((string)k!)[keys.Prefix.Length..]).Where(fixedNames.Contains).ToHashSet();

            Assert.Equal(keys.Fence, declared[0]);
            Assert.True(named.SetEquals(declaredFixed), $"{script.Name}: its text names [{string.Join(", ", named.Order())}] but it declares [{string.Join(", ", declaredFixed.Order())}].");
        }
    }

    /// <summary>The README table: one row per key builder, in the order RoutingKeys declares them, the tenant's keys first.</summary>
    internal static string Table()
    {
        var b = new StringBuilder("| key | type | holds |\n|---|---|---|\n");
        foreach (var (_, layout) in Builders().Concat(GlobalBuilders()))
        {
            b.Append($"| `{layout.Pattern}` | {layout.Type} | {layout.Holds} |\n");
        }

        return b.ToString().TrimEnd('\n');
    }

    /// <summary>The keys of one tenant (named after its prefix).</summary>
    private static IEnumerable<(MemberInfo Member, RedisKeyAttribute Layout)> Builders() => Documented(BindingFlags.Instance);

    /// <summary>The keys outside every tenant (static, named in full); no script touches them.</summary>
    private static IEnumerable<(MemberInfo Member, RedisKeyAttribute Layout)> GlobalBuilders() => Documented(BindingFlags.Static);

    private static IEnumerable<(MemberInfo Member, RedisKeyAttribute Layout)> Documented(BindingFlags scope) =>
        typeof(RoutingKeys).GetMembers(BindingFlags.Public | scope)
            .Select(m => (Member: m, Layout: m.GetCustomAttribute<RedisKeyAttribute>()))
            .Where(m => m.Layout is not null)
            .OrderBy(m => m.Member is PropertyInfo p ? p.GetMethod!.MetadataToken : m.Member.MetadataToken)
            .Select(m => (m.Member, m.Layout!));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Routing.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Routing.sln above {AppContext.BaseDirectory}.");
    }
}
