using System.Text.RegularExpressions;

namespace Routing.Redis.Tests;

/// <summary>The words scripts answer with and the enums their decoders turn them into.</summary>
public sealed class ScriptReplyTests
{
    private static readonly string[] DeskScripts = ["connect", "status", "accept", "decline", "complete", "transfer", "disconnect"];

    [Fact]
    public void DeskScripts_EveryResultWordTheyReturn_HasADeskResultCode()
    {
        var words = LuaScripts.All
            .Where(s => DeskScripts.Contains(s.Name))
            .SelectMany(s => Regex.Matches(s.Text, @"return (?:\{ |nil, )'([a-z_]+)'").Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();

        Assert.Contains("stale_session", words);
        Assert.Contains("offer_not_found", words);
        Assert.All(words, w => Assert.Equal(w, DeskResultCodes.Parse(w).ToCode()));
    }

    [Fact]
    public void DeskResultCodes_EveryCode_RoundTripsThroughItsWord()
    {
        Assert.All(Enum.GetValues<DeskResultCode>(), c => Assert.Equal(c, DeskResultCodes.Parse(c.ToCode())));
    }

    [Fact]
    public void EngineWords_EveryStatus_RoundTripsAndUnknownWordsAreNull()
    {
        Assert.All(Enum.GetValues<EngineAgentStatus>(), s => Assert.Equal(s, EngineWords.ParseStatus(s.ToWord())));
        Assert.Null(EngineWords.ParseStatus("busy"));
        Assert.Null(EngineWords.ParseStatus(null));
    }

    [Fact]
    public void DeskResultCodes_UnknownWord_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => DeskResultCodes.Parse("no_such_code"));
    }
}
