using Routing.Core.Channels;
using Routing.Core.Privacy;

namespace Routing.Core.Tests;

public sealed class PersonalDataTests
{
    [Theory]
    [InlineData("+447700900101", "+44 77** ***101")]
    [InlineData("+44 7700 900101", "+44 77** ***101")]
    [InlineData("+33612345678", "+33 61* ***678")]
    [InlineData("alice.martin@example.com", "a***@example.com")]
    [InlineData("Bruno.Leroy@Example.fr", "B***@Example.fr")]
    [InlineData("alice.m", "a***")]
    [InlineData("+1234", "+***")]
    [InlineData("+3312345", "+33 ***45")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void MaskAddress_KnownForms_KeepsOnlyAHint(string? address, string expected)
    {
        Assert.Equal(expected, PersonalData.MaskAddress(address));
    }

    [Fact]
    public void MaskName_And_MaskText_KeepNoWordOfTheValue()
    {
        Assert.Equal("A*** M***", PersonalData.MaskName("Alice Martin"));
        Assert.Equal("[19 characters]", PersonalData.MaskText("My invoice is wrong"));
    }

    [Theory]
    [InlineData(AddressKind.Phone, "07700 900101", "07700 900101")]
    [InlineData(AddressKind.Phone, "+44 7700 9001O1", "+44 7700 9001O1")]
    [InlineData(AddressKind.Phone, "+0447700900101", "+0447700900101")]
    [InlineData(AddressKind.Email, "alice.martin@example", "alice.martin@example")]
    public void AddressNormalizer_Errors_NeverEchoTheAddress(AddressKind kind, string raw, string secret)
    {
        Assert.Null(AddressNormalizer.TryNormalize(kind, raw, "", out var error));
        Assert.DoesNotContain(secret, error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("900101", error, StringComparison.Ordinal);
        Assert.DoesNotContain("alice.martin", error, StringComparison.Ordinal);
    }
}
