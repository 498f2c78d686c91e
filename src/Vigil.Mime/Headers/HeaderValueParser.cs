using System.Globalization;
using System.Text;

namespace Vigil.Mime.Headers;

/// <summary>
/// Parses structured header values leniently: comments anywhere outside quoted strings, white
/// space around '=', unterminated quotes, quotes inside tokens, missing values. It never fails;
/// it returns the most plausible reading and keeps enough of the oddities for the name resolver
/// to consider every reading a client might take.
/// </summary>
public static class HeaderValueParser
{
    /// <summary>
    /// Takes <paramref name="value"/> apart into its token and at most <paramref name="maxPieces"/>
    /// ';'-separated pieces after it; the rest is not read and the result says
    /// <see cref="ParsedHeaderValue.Truncated"/>. Real headers have a handful of parameters; a
    /// flood of them (131,000 `;x*0="a"` in one 1 MB line) cost 80 ms and 140 MB in allocations.
    /// </summary>
    public static ParsedHeaderValue Parse(string value, int maxPieces = int.MaxValue)
    {
        var segments = Split(value, maxPieces, out var truncated);
        var commentInToken = false;

        var token = "";
        if (segments.Count > 0)
        {
            token = LowerWithoutWhitespace(segments[0].Text);
            commentInToken = segments[0].CommentInside;
        }

        var parameters = new List<HeaderParameter>();
        for (var i = 1; i < segments.Count; i++)
        {
            var seg = segments[i];
            var eq = seg.Text.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            var rawName = seg.Text[..eq].Trim();
            if (seg.CommentInName)
            {
                commentInToken = true;
            }

            var valueText = seg.Text[(eq + 1)..].Trim();
            var quoted = seg.Quoted && valueText.StartsWith('"');
            var unquoted = quoted ? Unquote(seg.RawAfterEquals.Trim()) : valueText;

            // A value split by a stray ';' ("name=file;.zip"): keep the joined reading too.
            string? tail = null;
            if (quoted)
            {
                // Text after the closing quote ("file".zip): some clients append it.
                var joined = seg.RawAfterEquals.Trim().Replace("\"", "", StringComparison.Ordinal);
                if (joined != unquoted)
                {
                    tail = joined;
                }
            }
            else
            {
                var sb = new StringBuilder(unquoted);
                for (var j = i + 1; j < segments.Count && segments[j].Text.IndexOf('=') < 0 && segments[j].Text.Trim().Length > 0; j++)
                {
                    sb.Append(';').Append(segments[j].Text.Trim());
                }

                if (sb.Length != unquoted.Length)
                {
                    tail = sb.ToString();
                }
            }

            var (baseName, section, extended) = SplitName(rawName);
            parameters.Add(new HeaderParameter(baseName, section, extended, unquoted, quoted, tail));
        }

        return new ParsedHeaderValue(token, parameters, commentInToken) { Pieces = segments.Count - 1, Truncated = truncated };
    }

    /// <summary>The token with its white space taken out, in lower case; no builder for the usual token without any.</summary>
    private static string LowerWithoutWhitespace(string text)
    {
        var hasWhitespace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                hasWhitespace = true;
                break;
            }
        }

        if (!hasWhitespace)
        {
            return text.ToLowerInvariant();
        }

        var token = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                token.Append(char.ToLowerInvariant(c));
            }
        }

        return token.ToString();
    }

    private static (string BaseName, int? Section, bool Extended) SplitName(string rawName)
    {
        var name = rawName.ToLowerInvariant();
        var extended = name.EndsWith('*');
        if (extended)
        {
            name = name[..^1];
        }

        var star = name.IndexOf('*');
        int? section = null;
        if (star >= 0)
        {
            if (int.TryParse(name.AsSpan(star + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < 10_000)
            {
                section = n;
            }

            name = name[..star];
        }

        return (name.Trim(), section, extended);
    }

    /// <summary>Removes the surrounding quotes and applies quoted-pair escapes; an unterminated quote runs to the end.</summary>
    private static string Unquote(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 1; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\\' && i + 1 < s.Length)
            {
                sb.Append(s[++i]);
                continue;
            }

            if (c == '"')
            {
                break;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private sealed class Segment
    {
        public StringBuilder TextBuilder { get; } = new();

        public StringBuilder RawAfterEqualsBuilder { get; } = new();

        public bool SeenEquals { get; set; }

        /// <summary>
        /// Whether <see cref="RawAfterEqualsBuilder"/> holds anything but white space. Kept as a flag because asking the
        /// builder at every quote made a segment of many quotes quadratic (a 1 MB
        /// Content-Disposition line of shifted `;x*0="a"` pieces took 6 s).
        /// </summary>
        public bool RawHasText { get; set; }

        public bool Quoted { get; set; }

        public bool CommentInside { get; set; }

        public bool CommentInName { get; set; }

        public string Text => TextBuilder.ToString();

        public string RawAfterEquals => RawAfterEqualsBuilder.ToString();

        /// <summary>Ready for the next ';' piece: one pair of builders per header value, not per piece.</summary>
        public void Reset()
        {
            TextBuilder.Clear();
            RawAfterEqualsBuilder.Clear();
            SeenEquals = false;
            RawHasText = false;
            Quoted = false;
            CommentInside = false;
            CommentInName = false;
        }
    }

    // One pair of builders per thread, not per header value: a message of 10,000 parts parsed
    // 20,000 values and paid two builders and their buffers for each (13 MB of its 21 MB).
    // A pair grown past SegmentKeepChars by a long value is dropped rather than kept.
    [ThreadStatic]
    private static Segment? t_segment;

    private const int SegmentKeepChars = 4096;

    private static Segment RentSegment()
    {
        var seg = t_segment ?? new Segment();
        t_segment = null;
        seg.Reset();
        return seg;
    }

    private static void ReturnSegment(Segment seg)
    {
        if (seg.TextBuilder.Capacity <= SegmentKeepChars && seg.RawAfterEqualsBuilder.Capacity <= SegmentKeepChars)
        {
            t_segment = seg;
        }
    }

    private sealed record SplitSegment(string Text, string RawAfterEquals, bool Quoted, bool CommentInside, bool CommentInName);

    /// <summary>Splits on ';' outside quotes, removing comments outside quotes; stops after the token and <paramref name="maxPieces"/> more.</summary>
    private static List<SplitSegment> Split(string value, int maxPieces, out bool truncated)
    {
        var seg = RentSegment();
        var result = Split(value, maxPieces, seg, out truncated);
        ReturnSegment(seg);
        return result;
    }

    private static List<SplitSegment> Split(string value, int maxPieces, Segment seg, out bool truncated)
    {
        truncated = false;
        var result = new List<SplitSegment>();
        var inQuote = false;
        var depth = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (depth > 0)
            {
                if (c == '\\' && i + 1 < value.Length)
                {
                    i++;
                }
                else if (c == '(')
                {
                    depth++;
                }
                else if (c == ')')
                {
                    depth--;
                }

                continue;
            }

            if (inQuote)
            {
                seg.TextBuilder.Append(c);
                seg.RawAfterEqualsBuilder.Append(c);
                seg.RawHasText |= !char.IsWhiteSpace(c);
                if (c == '\\' && i + 1 < value.Length)
                {
                    seg.RawHasText |= !char.IsWhiteSpace(value[i + 1]);
                    seg.TextBuilder.Append(value[i + 1]);
                    seg.RawAfterEqualsBuilder.Append(value[++i]);
                }
                else if (c == '"')
                {
                    inQuote = false;
                }

                continue;
            }

            switch (c)
            {
                case '(':
                    depth = 1;

                    // A comment with text on both sides of it sits inside the main token or a
                    // parameter name (comments inside values are ordinary and just removed).
                    var before = seg.TextBuilder.Length > 0 && !char.IsWhiteSpace(seg.TextBuilder[^1]);
                    if (before && i + 1 < value.Length && !seg.SeenEquals)
                    {
                        if (result.Count == 0)
                        {
                            seg.CommentInside = IsInsideToken(value, i);
                        }
                        else
                        {
                            seg.CommentInName = true;
                        }
                    }

                    break;
                case ';':
                    result.Add(Finish(seg));
                    if (result.Count > maxPieces)
                    {
                        truncated = true;
                        return result;
                    }

                    seg.Reset();
                    break;
                case '"':
                    inQuote = true;
                    if (seg.SeenEquals && !seg.RawHasText)
                    {
                        seg.Quoted = true;
                    }

                    seg.TextBuilder.Append(c);
                    seg.RawAfterEqualsBuilder.Append(c);
                    seg.RawHasText = true;
                    break;
                default:
                    if (c == '=' && !seg.SeenEquals)
                    {
                        seg.SeenEquals = true;
                        seg.TextBuilder.Append(c);
                        break;
                    }

                    seg.TextBuilder.Append(c);
                    if (seg.SeenEquals)
                    {
                        seg.RawAfterEqualsBuilder.Append(c);
                        seg.RawHasText |= !char.IsWhiteSpace(c);
                    }

                    break;
            }
        }

        result.Add(Finish(seg));
        return result;
    }

    /// <summary>True when the comment opening at <paramref name="open"/> is followed by more token text.</summary>
    private static bool IsInsideToken(string value, int open)
    {
        var depth = 0;
        for (var i = open; i < value.Length; i++)
        {
            if (value[i] == '(')
            {
                depth++;
            }
            else if (value[i] == ')' && --depth == 0)
            {
                return i + 1 < value.Length && !char.IsWhiteSpace(value[i + 1]) && value[i + 1] != ';';
            }
        }

        return false;
    }

    private static SplitSegment Finish(Segment seg) =>
        new(seg.Text, seg.RawAfterEquals, seg.Quoted, seg.CommentInside, seg.CommentInName);
}
