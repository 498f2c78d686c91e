using System.Text;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Judging;
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

    /// <summary>Most X-Vigil-Envelope-To lines written; the rest are counted in one line.</summary>
    private const int MaxRecipientLines = 1000;

    public static byte[] Build(string id, ArchiveReason reason, Envelope envelope, Verdict verdict, DateTimeOffset date, string newline)
    {
        var sb = new StringBuilder(256);
        QuarantineHeaders.Line(sb, Id, id, newline);
        QuarantineHeaders.Line(sb, Reason, reason.ToString().ToLowerInvariant(), newline);
        QuarantineHeaders.AppendEnvelopeAndVerdict(sb, envelope, verdict, date, newline, MaxRecipientLines);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
