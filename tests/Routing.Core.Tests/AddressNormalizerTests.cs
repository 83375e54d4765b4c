using Routing.Core.Channels;

namespace Routing.Core.Tests;

public sealed class AddressNormalizerTests
{
    [Theory]
    [InlineData("+44 7700 900101", "+447700900101")]
    [InlineData("+1 (415) 555-0100", "+14155550100")]
    [InlineData("0044 7700 900101", "+447700900101")]
    [InlineData("tel:+33-6-12-34-56-78", "+33612345678")]
    [InlineData("whatsapp:+447700900101", "+447700900101")]
    [InlineData("  +49.30.1234567  ", "+49301234567")]
    public void TryNormalizePhone_InternationalForms_ReturnsE164(string raw, string expected)
    {
        Assert.Equal(expected, AddressNormalizer.TryNormalizePhone(raw, "", out _));
    }

    [Fact]
    public void TryNormalizePhone_NationalNumberWithDefaultCountry_PrefixesCountryCode()
    {
        Assert.Equal("+447700900101", AddressNormalizer.TryNormalizePhone("07700 900101", "44", out _));
    }

    [Theory]
    [InlineData("", "is required")]
    [InlineData("07700 900101", "international form")]
    [InlineData("+44 7700 ABC", "not a phone number")]
    [InlineData("+1234", "E.164")]
    [InlineData("+1234567890123456", "E.164")]
    [InlineData("+0441234567", "E.164")]
    public void TryNormalizePhone_BadNumbers_SaysWhy(string raw, string reason)
    {
        Assert.Null(AddressNormalizer.TryNormalizePhone(raw, "", out var error));
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData(" Alice.Martin@Example.COM ", "alice.martin@example.com")]
    [InlineData("mailto:bob@example.org", "bob@example.org")]
    public void TryNormalizeEmail_ValidAddresses_LowerCasesAndTrims(string raw, string expected)
    {
        Assert.Equal(expected, AddressNormalizer.TryNormalizeEmail(raw, out _));
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("alice@")]
    [InlineData("@example.com")]
    [InlineData("alice@example")]
    [InlineData("a b@example.com")]
    [InlineData("alice@@example.com")]
    [InlineData("alice@example.com.")]
    public void TryNormalizeEmail_Malformed_IsRejected(string raw)
    {
        Assert.Null(AddressNormalizer.TryNormalizeEmail(raw, out var error));
        Assert.Contains("not a valid e-mail address", error);
    }

    [Fact]
    public void TryNormalizeHandle_TrimsAndRejectsControlCharacters()
    {
        Assert.Equal("alice.m", AddressNormalizer.TryNormalizeHandle("  alice.m \t", out _));
        Assert.Null(AddressNormalizer.TryNormalizeHandle("ali\u0001ce", out var error));
        Assert.Contains("control characters", error);
        Assert.Null(AddressNormalizer.TryNormalizeHandle(new string('x', 300), out _));
    }
}
