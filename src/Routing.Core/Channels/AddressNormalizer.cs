using Routing.Core.Privacy;

namespace Routing.Core.Channels;

/// <summary>
/// Turns a sender address into its one canonical form, so the same customer is recognised whatever
/// way a gateway spelled it: E.164 for phones, lower case for e-mail, trimmed handles.
/// </summary>
public static class AddressNormalizer
{
    public const int MaxHandleLength = 256;
    public const int MaxEmailLength = 254;

    /// <summary>Returns the normalised address, or null with <paramref name="error"/> saying what is wrong (the address masked: errors reach logs and statuses).</summary>
    /// <param name="defaultCountryCode">Country calling code (digits, e.g. "44") used for national numbers with a leading 0.</param>
    public static string? TryNormalize(AddressKind kind, string? raw, string defaultCountryCode, out string error) => kind switch
    {
        AddressKind.Phone => TryNormalizePhone(raw, defaultCountryCode, out error),
        AddressKind.Email => TryNormalizeEmail(raw, out error),
        _ => TryNormalizeHandle(raw, out error),
    };

    public static string? TryNormalizePhone(string? raw, string defaultCountryCode, out string error)
    {
        var text = raw?.Trim() ?? "";
        foreach (var scheme in (ReadOnlySpan<string>)["tel:", "sip:", "whatsapp:", "sms:"])
        {
            if (text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                text = text[scheme.Length..].Trim();
                break;
            }
        }

        if (text.Length == 0)
        {
            error = "is required";
            return null;
        }

        var digits = new System.Text.StringBuilder(16);
        var international = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch == '+' && i == 0)
            {
                international = true;
            }
            else if (char.IsAsciiDigit(ch))
            {
                digits.Append(ch);
            }
            else if (ch is not (' ' or '-' or '.' or '(' or ')' or '/'))
            {
                error = $"'{PersonalData.MaskAddress(raw)}' is not a phone number (unexpected '{ch}')";
                return null;
            }
        }

        var number = digits.ToString();
        if (!international && number.StartsWith("00", StringComparison.Ordinal))
        {
            international = true;
            number = number[2..];
        }
        else if (!international && number.StartsWith('0') && defaultCountryCode.Length > 0)
        {
            international = true;
            number = defaultCountryCode + number[1..];
        }

        if (!international)
        {
            error = $"'{PersonalData.MaskAddress(raw)}' must be in international form (+ and country code)";
            return null;
        }

        // E.164: a country code that does not start with 0, and at most 15 digits in all.
        if (number.Length is < 8 or > 15 || number[0] == '0')
        {
            error = $"'{PersonalData.MaskAddress(raw)}' is not a valid E.164 number (8 to 15 digits after '+')";
            return null;
        }

        error = "";
        return "+" + number;
    }

    public static string? TryNormalizeEmail(string? raw, out string error)
    {
        var text = raw?.Trim() ?? "";
        if (text.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[7..];
        }

        if (text.Length == 0)
        {
            error = "is required";
            return null;
        }

        var at = text.LastIndexOf('@');
        var valid = text.Length <= MaxEmailLength
            && at > 0 && at <= 64
            && at < text.Length - 3
            && text.IndexOf('@') == at
            && text.IndexOf('.', at) > at + 1
            && !text.EndsWith('.')
            && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';');
        if (!valid)
        {
            error = $"'{PersonalData.MaskAddress(raw)}' is not a valid e-mail address";
            return null;
        }

        error = "";
        return text.ToLowerInvariant();
    }

    public static string? TryNormalizeHandle(string? raw, out string error)
    {
        var text = raw?.Trim() ?? "";
        if (text.Length == 0)
        {
            error = "is required";
            return null;
        }

        if (text.Length > MaxHandleLength)
        {
            error = $"must be at most {MaxHandleLength} characters";
            return null;
        }

        if (text.Any(char.IsControl))
        {
            error = "must not contain control characters";
            return null;
        }

        error = "";
        return text;
    }
}
