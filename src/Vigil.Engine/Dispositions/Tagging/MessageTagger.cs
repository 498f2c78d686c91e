using Vigil.Engine.Policy.Control;
using Vigil.Engine.Judging;

namespace Vigil.Engine.Dispositions.Tagging;

/// <summary>
/// Builds the header block a door writes in front of a delivered message: X-Vigil-Status (when
/// `statusheader=yes`) and SpamAssassin's X-Spam- headers (when a spam filter judged the message
/// and `spamheaders` is not off). Nothing is added to clean mail by default, so it stays byte for
/// byte what was received. Lines end the way the message's own lines do (qmail hands LF).
/// </summary>
public sealed class MessageTagger
{
    public MessageTagger(bool statusHeader, bool spamHeaders)
    {
        StatusHeader = statusHeader;
        SpamHeaders = spamHeaders;
    }

    public static MessageTagger Off { get; } = new(false, false);

    public bool StatusHeader { get; }

    public bool SpamHeaders { get; }

    /// <summary>True when nothing could ever be added (the message head need not be read).</summary>
    public bool IsOff => !StatusHeader && !SpamHeaders;

    /// <summary>True when <see cref="Build"/> would add at least one header to this message.</summary>
    public bool WouldAdd(Judgement result) => StatusHeader || (SpamHeaders && SpamTag.From(result.Verdict) is not null);

    public static MessageTagger FromOptions(PolicyOptions options) =>
        new(TaggingOptions.StatusHeader(options), TaggingOptions.SpamHeaders(options));

    /// <summary>The header block for a delivered message (ASCII, each line ended by <paramref name="newline"/>); empty when nothing is added.</summary>
    public byte[] Build(Judgement result, string newline)
    {
        if (IsOff)
        {
            return [];
        }

        var lines = new HeaderLines(newline);
        var spam = SpamTag.From(result.Verdict);
        if (StatusHeader)
        {
            lines.Add(VigilStatusHeader.Name, VigilStatusHeader.Value(result, spam));
        }

        if (SpamHeaders && spam is not null)
        {
            Tagging.SpamHeaders.AddTo(lines, spam);
        }

        return lines.IsEmpty ? [] : lines.ToBytes();
    }

    /// <summary>"\r\n" when the message's first line ends in CRLF, otherwise "\n" (qmail's own line end).</summary>
    public static string NewlineOf(ReadOnlySpan<byte> head)
    {
        var lf = head.IndexOf((byte)'\n');
        return lf > 0 && head[lf - 1] == '\r' ? "\r\n" : "\n";
    }
}
