namespace Vigil.Engine.Scanners.CommandApi;

/// <summary>
/// The delivery's envelope as qmail-local hands it to a dot-qmail program, for QMVC's command API.
/// Every field may be empty (`vigil scan` reads a file and knows no envelope).
/// </summary>
/// <param name="Sender">The envelope sender ($SENDER), "" for bounces.</param>
/// <param name="Recipient">The envelope recipient ($RECIPIENT).</param>
/// <param name="Local">The local part of the recipient ($LOCAL).</param>
/// <param name="Host">The domain of the recipient ($HOST).</param>
/// <param name="Ext">The address extension ($EXT).</param>
/// <param name="User">The delivering user ($USER).</param>
/// <param name="DtLine">The Delivered-To line, with its newline ($DTLINE).</param>
public sealed record EnvelopeInfo(
    string Sender = "",
    string Recipient = "",
    string Local = "",
    string Host = "",
    string Ext = "",
    string User = "",
    string DtLine = "")
{
    /// <summary>Longest value passed on: envelope fields come from the sending client.</summary>
    public const int MaxValueLength = 4096;

    public static readonly EnvelopeInfo Empty = new();

    /// <summary>The envelope of the delivery this process runs in, when qmail-local started it.</summary>
    public static EnvelopeInfo FromEnvironment() => new(
        Read("SENDER"), Read("RECIPIENT"), Read("LOCAL"), Read("HOST"), Read("EXT"), Read("USER"), Read("DTLINE"));

    /// <summary>
    /// The variables for the program. All seven are always set, empty when unknown, so values
    /// inherited from Vigil's own environment never pass as this message's envelope.
    /// </summary>
    public IReadOnlyDictionary<string, string> ToEnvironment() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["SENDER"] = Clean(Sender),
        ["RECIPIENT"] = Clean(Recipient),
        ["LOCAL"] = Clean(Local),
        ["HOST"] = Clean(Host),
        ["EXT"] = Clean(Ext),
        ["USER"] = Clean(User),
        ["DTLINE"] = Clean(DtLine),
    };

    private static string Read(string name) => Environment.GetEnvironmentVariable(name) ?? "";

    /// <summary>An environment value cannot hold NUL, and a hostile sender gets no megabyte of it.</summary>
    private static string Clean(string value)
    {
        if (value.Length > MaxValueLength)
        {
            value = value[..MaxValueLength];
        }

        return value.Contains('\0', StringComparison.Ordinal) ? value.Replace("\0", "", StringComparison.Ordinal) : value;
    }
}
