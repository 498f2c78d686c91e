using System.Globalization;
using System.Text;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Scanning;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Dispositions.Archive;

/// <summary>
/// The X-Vigil- block written in front of an archived message, so the archive file alone says who
/// sent it to whom and why it is there (Qmail-Scanner appends the envelope at the bottom; a header
/// block keeps the original bytes untouched after it and is what our quarantine does too). The
/// envelope header names are the quarantine's; every value is sanitised to one bounded line.
/// </summary>
public static class ArchiveHeaders
{
    public const string Id = "X-Vigil-Archive-Id";
    public const string Reason = "X-Vigil-Archive-Reason";

    private const string DateFormat = "ddd, dd MMM yyyy HH:mm:ss '+0000'";

    /// <summary>Most X-Vigil-Envelope-To lines written; the rest are counted in one line.</summary>
    private const int MaxRecipientLines = 1000;

    public static byte[] Build(string id, ArchiveReason reason, Envelope envelope, Verdict verdict, DateTimeOffset date, string newline)
    {
        var sb = new StringBuilder(256);
        Line(sb, Id, id, newline);
        Line(sb, Reason, reason.ToString().ToLowerInvariant(), newline);
        if (envelope.Sender is { } sender)
        {
            Line(sb, QuarantineHeaders.EnvelopeFrom, envelope.IsNullSender ? "<>" : sender, newline);
        }

        var count = 0;
        foreach (var r in envelope.Recipients)
        {
            if (++count > MaxRecipientLines)
            {
                Line(sb, QuarantineHeaders.EnvelopeTo, $"... and {(envelope.Recipients.Count - MaxRecipientLines).ToString(CultureInfo.InvariantCulture)} more", newline);
                break;
            }

            Line(sb, QuarantineHeaders.EnvelopeTo, r, newline);
        }

        if (envelope.ClientIp is { } ip)
        {
            Line(sb, QuarantineHeaders.ClientIp, ip, newline);
        }

        Line(sb, QuarantineHeaders.Verdict, verdict.Word, newline);
        foreach (var f in verdict.Findings)
        {
            Line(sb, QuarantineHeaders.Finding, QuarantineHeaders.Describe(f), newline);
        }

        Line(sb, QuarantineHeaders.Date, date.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture), newline);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void Line(StringBuilder sb, string name, string value, string newline) =>
        sb.Append(name).Append(": ").Append(HeaderValueSanitizer.Sanitize(value)).Append(newline);
}
