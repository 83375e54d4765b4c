using System.Globalization;

namespace Routing.Crm;

/// <summary>
/// Converts values between .NET and each provider's column types: SQLite keeps timestamps as
/// ISO-8601 UTC text and flags as 0/1, SQL Server as datetimeoffset and bit. Reading is lenient
/// because an overridden query may return a site's own types.
/// </summary>
internal static class CrmValues
{
    private const string IsoUtcFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>A timestamp parameter: fixed-width UTC text on SQLite (so text order is time order), the value itself on SQL Server.</summary>
    public static object? Timestamp(CrmProvider provider, DateTimeOffset? value) => value is not { } timestamp
        ? null
        : provider == CrmProvider.Sqlite
            ? timestamp.UtcDateTime.ToString(IsoUtcFormat, CultureInfo.InvariantCulture)
            : timestamp;

    public static object Flag(CrmProvider provider, bool value) => provider == CrmProvider.Sqlite ? (value ? 1 : 0) : value;

    public static string ToText(object? value) => value switch
    {
        null or DBNull => "",
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>True or false, or null when the value does not say (unknown consent stays absent).</summary>
    public static bool? ToFlag(object? value) => value switch
    {
        bool flag => flag,
        long or int or short or byte or sbyte or ulong or uint or ushort => Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
        decimal number => number != 0,
        string text => text.Trim().ToUpperInvariant() switch
        {
            "1" or "TRUE" or "YES" or "Y" => true,
            "0" or "FALSE" or "NO" or "N" => false,
            _ => null,
        },
        _ => null,
    };

    /// <summary>Text without an offset and provider DateTime values are taken as UTC.</summary>
    public static DateTimeOffset? ToTimestamp(object? value) => value switch
    {
        DateTimeOffset timestamp => timestamp,
        DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
        _ => null,
    };
}
