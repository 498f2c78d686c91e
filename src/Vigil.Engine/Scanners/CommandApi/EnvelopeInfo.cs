using Vigil.Engine.Judging;

namespace Vigil.Engine.Scanners.CommandApi;

/// <summary>
/// The delivery's envelope as qmail-local hands it to a dot-qmail program (qmail-command(8)), for
/// QMVC's command API. Every field may be empty (`vigil scan` reads a file and knows no envelope).
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

    /// <summary>The extension after its first dash ($EXT2).</summary>
    public string Ext2 { get; init; } = "";

    /// <summary>The extension after its second dash ($EXT3).</summary>
    public string Ext3 { get; init; } = "";

    /// <summary>The extension after its third dash ($EXT4).</summary>
    public string Ext4 { get; init; } = "";

    /// <summary>The delivering user's home directory ($HOME).</summary>
    public string Home { get; init; } = "";

    /// <summary>The Return-Path line, with its newline ($RPLINE).</summary>
    public string RpLine { get; init; } = "";

    /// <summary>The UUCP-style From_ line, with its newline ($UFLINE).</summary>
    public string UfLine { get; init; } = "";

    /// <summary>The SMTP client's address ($TCPREMOTEIP) when the door knows it.</summary>
    public string ClientIp { get; init; } = "";

    /// <summary>The envelope of the delivery this process runs in, when qmail-local started it.</summary>
    public static EnvelopeInfo FromEnvironment() => FromVariables(static name => Environment.GetEnvironmentVariable(name));

    /// <summary>
    /// The envelope a door handed the engine: qmail-local's variables as the door passed them in
    /// <see cref="Envelope.Variables"/>, with SENDER and RECIPIENT the envelope the message is
    /// judged by (after `-v` prefix stripping or `evalheaderaddress`). RECIPIENT stays empty for
    /// a message to several recipients: there is no one recipient to name.
    /// </summary>
    public static EnvelopeInfo From(Envelope envelope)
    {
        var variables = envelope.Variables;
        var info = FromVariables(name => variables.TryGetValue(name, out var v) ? v : null);
        return info with
        {
            Sender = envelope.Sender ?? info.Sender,
            Recipient = envelope.Recipients.Count == 1 ? envelope.Recipients[0] : envelope.Recipients.Count == 0 ? info.Recipient : "",
            ClientIp = envelope.ClientIp ?? info.ClientIp,
        };
    }

    /// <summary>
    /// The variables for the program. All are always set, empty when unknown, so values
    /// inherited from Vigil's own environment never pass as this message's envelope.
    /// </summary>
    public IReadOnlyDictionary<string, string> ToEnvironment() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["SENDER"] = Clean(Sender),
        ["RECIPIENT"] = Clean(Recipient),
        ["LOCAL"] = Clean(Local),
        ["HOST"] = Clean(Host),
        ["EXT"] = Clean(Ext),
        ["EXT2"] = Clean(Ext2),
        ["EXT3"] = Clean(Ext3),
        ["EXT4"] = Clean(Ext4),
        ["USER"] = Clean(User),
        ["HOME"] = Clean(Home),
        ["DTLINE"] = Clean(DtLine),
        ["RPLINE"] = Clean(RpLine),
        ["UFLINE"] = Clean(UfLine),
        ["TCPREMOTEIP"] = Clean(ClientIp),
    };

    private static EnvelopeInfo FromVariables(Func<string, string?> read) => new(
        read("SENDER") ?? "", read("RECIPIENT") ?? "", read("LOCAL") ?? "", read("HOST") ?? "", read("EXT") ?? "", read("USER") ?? "", read("DTLINE") ?? "")
    {
        Ext2 = read("EXT2") ?? "",
        Ext3 = read("EXT3") ?? "",
        Ext4 = read("EXT4") ?? "",
        Home = read("HOME") ?? "",
        RpLine = read("RPLINE") ?? "",
        UfLine = read("UFLINE") ?? "",
        ClientIp = read("TCPREMOTEIP") ?? "",
    };

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
