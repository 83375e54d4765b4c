namespace Routing.Redis.Tests;

/// <summary>How a script is assembled from its include files, and how its error lines are mapped back.</summary>
public sealed class LuaSourceTests
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["main.lua"] = "--- @include \"b\"\n--- @include \"a\"\nreturn b() + a()\n",
        ["includes/a.lua"] = "--- @include \"c\"\nlocal function a() return c() end\n",
        ["includes/b.lua"] = "--- @include \"c\"\n--- @include \"a\"\nlocal function b()\n  return 2\nend\n",
        ["includes/c.lua"] = "local function c() return 1 end\n",
        ["includes/unused.lua"] = "local function unused() end\n",
        ["loop.lua"] = "--- @include \"x\"\n",
        ["includes/x.lua"] = "--- @include \"y\"\n",
        ["includes/y.lua"] = "--- @include \"x\"\n",
    };

    [Fact]
    public void Assemble_NestedIncludes_EachOnceDependenciesFirstOnlyWhatIsUsed()
    {
        var source = LuaSource.Assemble("main", f => Files[f]);

        Assert.Equal(["includes/c.lua", "includes/a.lua", "includes/b.lua", "main.lua"], source.Files);
        Assert.Equal(Files["includes/c.lua"] + Files["includes/a.lua"] + Files["includes/b.lua"] + Files["main.lua"], source.Text);
    }

    [Fact]
    public void Assemble_IncludeCycle_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => LuaSource.Assemble("loop", f => Files[f]));

        Assert.Contains("cycle", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ERR user_script:6: attempt to compare nil with number script: 1f2e, on @user_script:6.", "ERR includes/b.lua:3: attempt to compare nil with number script: 1f2e, on includes/b.lua:3.")]
    [InlineData("ERR user_script:11: boom", "ERR main.lua:3: boom")]
    [InlineData("ERR [string \"--- @include...\"]:1: boom", "ERR includes/c.lua:1: boom")]
    public void MapError_ScriptLineNumbers_BecomeFileAndLine(string message, string expected)
    {
        var source = LuaSource.Assemble("main", f => Files[f]);

        Assert.Equal(expected, source.MapError(message));
    }

    [Fact]
    public void EngineScripts_EveryScript_AssemblesOnlyTheIncludesItUsesOnce()
    {
        foreach (var script in LuaScripts.All)
        {
            var files = script.Source.Files.ToList();

            Assert.Equal(files.Count, files.Distinct().Count());
            Assert.Equal(script.Name + ".lua", files[^1]);
            Assert.Equal("includes/keys.lua", files[0]);
            Assert.DoesNotContain("--- @include", script.Text.Split('\n').Where(l => !l.StartsWith("--- @include \"", StringComparison.Ordinal)));
        }

        // Only what is used: the write-back claim needs no engine function, the sweep answers no offer.
        Assert.Equal(["includes/keys.lua", "claim_writeback.lua"], LuaScripts.ClaimWriteBack.Source.Files);
        Assert.DoesNotContain("includes/answer.lua", LuaScripts.Sweep.Source.Files);
        Assert.DoesNotContain("includes/assigned.lua", LuaScripts.Enqueue.Source.Files);
    }
}
