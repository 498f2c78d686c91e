using System.Globalization;
using Vigil.Engine.Sanitizing;
using Vigil.Mime.Headers;

namespace Vigil.Engine.Scanners.Spamd;

/// <summary>
/// Reads spamd's reply: <c>SPAMD/1.1 0 EX_OK</c>, headers (<c>Spam: True ; 15.0 / 5.0</c>,
/// <c>Content-length</c>), a blank line, then the body (the symbols line for SYMBOLS, the report
/// for REPORT). Anything else is an error with the reply quoted, never a clean result.
/// </summary>
internal static class SpamdReplyParser
{
    private const int MaxSymbols = 1000;

    public static SpamdResult Parse(string reply, SpamdCommand command)
    {
        var headerEnd = reply.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = headerEnd < 0 ? reply : reply[..headerEnd];
        var body = headerEnd < 0 ? "" : reply[(headerEnd + 4)..];
        var lines = head.Split("\r\n");
        if (!TryStatus(lines[0], out var code, out var message))
        {
            return SpamdResult.Error("unexpected reply from spamd: \"" + PrintableAscii.Of(reply, 120) + "\"");
        }

        if (code != 0)
        {
            return SpamdResult.Error($"spamd refused the request: {code.ToString(CultureInfo.InvariantCulture)} {PrintableAscii.Of(message, 120)}");
        }

        SpamScore? score = null;
        for (var i = 1; i < lines.Length && i < 32; i++)
        {
            if (lines[i].StartsWith("Spam:", StringComparison.OrdinalIgnoreCase))
            {
                if (!TrySpamHeader(lines[i].AsSpan(5), out score))
                {
                    return SpamdResult.Error("unreadable Spam header from spamd: \"" + PrintableAscii.Of(lines[i], 120) + "\"");
                }
            }
        }

        if (score is null)
        {
            return SpamdResult.Error("spamd's reply has no Spam header: \"" + PrintableAscii.Of(reply, 120) + "\"");
        }

        return command switch
        {
            SpamdCommand.Symbols => SpamdResult.Scored(score with { Symbols = Symbols(body) }),
            SpamdCommand.Report => SpamdResult.Scored(score, body),
            _ => SpamdResult.Scored(score),
        };
    }

    /// <summary>"SPAMD/1.1 0 EX_OK": the protocol name, a version, a numeric code and a message.</summary>
    internal static bool TryStatus(string line, out int code, out string message)
    {
        code = -1;
        message = "";
        if (!line.StartsWith("SPAMD/", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out code))
        {
            return false;
        }

        message = parts.Length > 2 ? parts[2] : "";
        return true;
    }

    /// <summary>" True ; 15.0 / 5.0" (also "Yes"/"No" from old spamds).</summary>
    private static bool TrySpamHeader(ReadOnlySpan<char> value, out SpamScore? score)
    {
        score = null;
        var semi = value.IndexOf(';');
        var slash = value.IndexOf('/');
        if (semi < 0 || slash < semi)
        {
            return false;
        }

        var flag = value[..semi].Trim();
        var isSpam = flag.Equals("True", StringComparison.OrdinalIgnoreCase) || flag.Equals("Yes", StringComparison.OrdinalIgnoreCase);
        if (!isSpam && !flag.Equals("False", StringComparison.OrdinalIgnoreCase) && !flag.Equals("No", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (!SpamScore.TryNumber(value[(semi + 1)..slash], out var s) || !SpamScore.TryNumber(value[(slash + 1)..], out var threshold))
        {
            return false;
        }

        score = new SpamScore(s, threshold, [], isSpam);
        return true;
    }

    /// <summary>The SYMBOLS body: rule names separated by commas (and maybe line breaks), bounded.</summary>
    private static string[] Symbols(string body)
    {
        var names = body.Split([',', '\r', '\n', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return names.Length > MaxSymbols ? names[..MaxSymbols] : names;
    }
}
