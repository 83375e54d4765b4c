using System.Text;

namespace Routing.Core.Privacy;

/// <summary>
/// Masks personal data (addresses, names, free text) wherever it could otherwise reach a log line
/// or an error message: enough is kept for an operator to tell two values apart
/// (<c>+44 77** ***101</c>, <c>a***@example.com</c>), never enough to contact or identify anyone.
/// </summary>
public static class PersonalData
{
    private const string Stars = "***";

    /// <summary>
    /// Any sender address, valid or not: an e-mail address keeps its first letter and domain, a
    /// phone number its country code, two more digits and the last three, a handle its first letter.
    /// </summary>
    public static string MaskAddress(string? address)
    {
        var text = address?.Trim() ?? "";
        if (text.Length == 0)
        {
            return "";
        }

        var at = text.LastIndexOf('@');
        if (at >= 0)
        {
            return MaskEmail(text, at);
        }

        var digits = text.Count(char.IsAsciiDigit);
        return digits >= 5 && digits * 2 >= text.Length ? MaskPhone(text) : MaskHandle(text);
    }

    /// <summary>A person's name: the first letter of each word.</summary>
    public static string MaskName(string? name)
    {
        var words = (name ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(' ', words.Select(MaskHandle));
    }

    /// <summary>Free text (a message, a subject, notes): only its length.</summary>
    public static string MaskText(string? text) => $"[{text?.Length ?? 0} characters]";

    private static string MaskEmail(string text, int at)
    {
        var local = text[..at];
        var domain = text[(at + 1)..];
        return (local.Length > 0 ? local[..1] : "") + Stars + "@" + domain;
    }

    private static string MaskPhone(string text)
    {
        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        var plus = text.StartsWith('+') ? "+" : "";
        if (digits.Length < 10)
        {
            // Short numbers keep less: the first two and last two digits.
            return plus + digits[..2] + " " + new string('*', digits.Length - 4) + digits[^2..];
        }

        // +44 77** ***101: the country code, two more digits and the last three.
        var hidden = digits.Length - 7;
        var b = new StringBuilder(plus, 20).Append(digits, 0, 2).Append(' ').Append(digits, 2, 2);
        b.Append('*', hidden - 3).Append(' ').Append('*', 3).Append(digits, digits.Length - 3, 3);
        return b.ToString();
    }

    private static string MaskHandle(string text) => text[..(char.IsHighSurrogate(text[0]) && text.Length > 1 ? 2 : 1)] + Stars;
}
