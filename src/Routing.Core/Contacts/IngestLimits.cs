namespace Routing.Core.Contacts;

/// <summary>Size bounds on what a gateway may submit. Defaults suit e-mail bodies and rich chat messages.</summary>
public sealed class IngestLimits
{
    public int MaxExternalIdLength { get; set; } = 256;
    public int MaxSubjectLength { get; set; } = 1_000;
    public int MaxTextLength { get; set; } = 64 * 1024;
    public int MaxIntentLength { get; set; } = 128;
    public int MaxLanguageLength { get; set; } = 35;
    public int MaxAttributes { get; set; } = 64;
    public int MaxAttributeKeyLength { get; set; } = 128;
    public int MaxAttributeValueLength { get; set; } = 4_096;

    /// <summary>Country calling code for national phone numbers with a leading 0 (empty: international form required).</summary>
    public string DefaultCountryCode { get; set; } = "";
}
