using System.Globalization;
using System.Text;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>
/// The X-Vigil- header block written in front of a quarantined message, so the file alone says
/// who sent it to whom, from where and why it was stopped. The block always starts with
/// X-Vigil-Quarantine-Id and ends with X-Vigil-Date; a reader stops at that first Date line, so
/// X-Vigil- headers forged inside the original message are never taken for ours (they cannot add
/// recipients to a release). Every value is sanitised: one line each, whatever the message held.
/// </summary>
public static class QuarantineHeaders
{
    public const string Prefix = "X-Vigil-";
    public const string Id = "X-Vigil-Quarantine-Id";
    public const string EnvelopeFrom = "X-Vigil-Envelope-From";
    public const string EnvelopeTo = "X-Vigil-Envelope-To";
    public const string ClientIp = "X-Vigil-Client-IP";
    public const string Verdict = "X-Vigil-Verdict";
    public const string Finding = "X-Vigil-Finding";
    public const string Date = "X-Vigil-Date";

    /// <summary>Longest header line a reader accepts; longer means the file is not ours.</summary>
    private const int MaxLineBytes = 8192;

    /// <summary>At most this many lines are read looking for the end of the block.</summary>
    private const int MaxLines = 1_000_000;

    private const string DateFormat = "ddd, dd MMM yyyy HH:mm:ss '+0000'";

    /// <summary>The block as bytes (UTF-8), each line ended by <paramref name="newline"/> (the message's own line end).</summary>
    public static byte[] Build(string id, Envelope envelope, Verdict verdict, DateTimeOffset date, string newline)
    {
        var sb = new StringBuilder(256);
        Line(sb, Id, id, newline);
        AppendEnvelopeAndVerdict(sb, envelope, verdict, date, newline);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>
    /// The envelope, client IP, verdict, findings and date lines that make a stored file explain
    /// itself (the quarantine's and the archive's blocks share them). With
    /// <paramref name="maxRecipientLines"/> the recipients past it are counted in one line.
    /// </summary>
    internal static void AppendEnvelopeAndVerdict(StringBuilder sb, Envelope envelope, Verdict verdict, DateTimeOffset date, string newline, int maxRecipientLines = int.MaxValue)
    {
        if (envelope.Sender is { } sender)
        {
            Line(sb, EnvelopeFrom, envelope.IsNullSender ? "<>" : sender, newline);
        }

        var count = 0;
        foreach (var r in envelope.Recipients)
        {
            if (++count > maxRecipientLines)
            {
                Line(sb, EnvelopeTo, $"... and {(envelope.Recipients.Count - maxRecipientLines).ToString(CultureInfo.InvariantCulture)} more", newline);
                break;
            }

            Line(sb, EnvelopeTo, r, newline);
        }

        if (envelope.ClientIp is { } ip)
        {
            Line(sb, ClientIp, ip, newline);
        }

        Line(sb, Verdict, verdict.Word, newline);
        foreach (var f in verdict.Findings)
        {
            Line(sb, Finding, Describe(f), newline);
        }

        Line(sb, Date, date.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture), newline);
    }

    /// <summary>One sanitised header line.</summary>
    internal static void Line(StringBuilder sb, string name, string value, string newline) =>
        sb.Append(name).Append(": ").Append(HeaderValueSanitizer.Sanitize(value)).Append(newline);

    /// <summary>One finding as "category; rule=...; detail=...; part=...[; action=...]".</summary>
    public static string Describe(Finding f)
    {
        var text = $"{f.Category.Word()}; rule={f.Rule}; detail={f.Detail}; part={f.PartPath}";
        return f.Action is { } a ? $"{text}; action={a.ToString().ToLowerInvariant()}" : text;
    }

    /// <summary>
    /// Reads the block from the start of <paramref name="stored"/>. False when the file does not
    /// start with our block (not a Vigil quarantine file, or damaged).
    /// </summary>
    public static bool TryRead(Stream stored, out ParsedBlock block)
    {
        block = new ParsedBlock();
        var line = new byte[MaxLineBytes];
        long consumed = 0;
        for (var n = 0; n < MaxLines; n++)
        {
            var length = ReadLine(stored, line, out var total);
            if (length < 0)
            {
                return false;
            }

            consumed += total;
            var text = Encoding.UTF8.GetString(line, 0, length).TrimEnd('\r');
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            var name = text[..colon];
            var value = text[(colon + 1)..].Trim();
            if (n == 0 && !name.Equals(Id, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (!block.Add(name, value))
            {
                return false;
            }

            if (name.Equals(Date, StringComparison.OrdinalIgnoreCase))
            {
                block.Length = consumed;
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads one line (without its LF) into <paramref name="buffer"/>; -1 at end of data or when too long.</summary>
    private static int ReadLine(Stream s, byte[] buffer, out int total)
    {
        var n = 0;
        total = 0;
        while (true)
        {
            var b = s.ReadByte();
            if (b < 0)
            {
                return -1;
            }

            total++;
            if (b == '\n')
            {
                return n;
            }

            if (n == buffer.Length)
            {
                return -1;
            }

            buffer[n++] = (byte)b;
        }
    }

    /// <summary>The values of one block as read back.</summary>
    public sealed class ParsedBlock
    {
        private readonly List<string> _recipients = [];
        private readonly List<string> _findings = [];

        public string Id { get; private set; } = "";

        public string? Sender { get; private set; }

        public IReadOnlyList<string> Recipients => _recipients;

        public string? ClientIp { get; private set; }

        public string Verdict { get; private set; } = "";

        public IReadOnlyList<string> Findings => _findings;

        public DateTimeOffset? Date { get; private set; }

        /// <summary>Bytes of the block, line ends included.</summary>
        public long Length { get; internal set; }

        internal bool Add(string name, string value)
        {
            switch (name.ToLowerInvariant())
            {
                case "x-vigil-quarantine-id":
                    Id = value;
                    return true;
                case "x-vigil-envelope-from":
                    Sender = value == "<>" ? "" : value;
                    return true;
                case "x-vigil-envelope-to":
                    _recipients.Add(value);
                    return true;
                case "x-vigil-client-ip":
                    ClientIp = value;
                    return true;
                case "x-vigil-verdict":
                    Verdict = value;
                    return true;
                case "x-vigil-finding":
                    _findings.Add(value);
                    return true;
                case "x-vigil-date":
                    Date = DateTimeOffset.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
                    return true;
                default:
                    return false; // not one of ours inside our block: the file is not what it seems
            }
        }
    }
}
