using System.Text;
using Vigil.Engine.Analysis;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Tests.Dispositions.Notifications;

/// <summary>Builds scan results from small synthetic messages parsed by the real analyzer.</summary>
internal static class BlockedMessage
{
    public const string PlainHeaders = "From: alice@example.org\r\nTo: bob@example.com\r\nSubject: Quarterly report\r\nMessage-ID: <abc123@example.org>\r\n";

    public static Judgement Scan(FindingCategory? category, string rule = "rule", string headers = PlainHeaders)
    {
        var text = headers + "MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nHello.\r\n";
        var analysis = new MessageAnalyzer().Analyze(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        IReadOnlyList<Finding> findings = category is { } c ? [new Finding(c, rule, "detail", "1")] : [];
        return new Judgement(analysis, new Verdict(findings), TimeSpan.FromMilliseconds(12));
    }

    public static Judgement Virus(string signature = "Eicar-Test-Signature", string headers = PlainHeaders) =>
        Scan(FindingCategory.Virus, signature, headers);

    public static Judgement Policy(string headers = PlainHeaders) =>
        Scan(FindingCategory.Policy, @"badfilenames:\.exe$", headers);

    public static Envelope Envelope(string? sender = "alice@example.org", params string[] recipients) =>
        new(sender, recipients.Length == 0 ? ["bob@example.com"] : recipients) { ClientIp = "192.0.2.7", Door = "queue" };

    /// <summary>The header block of a rendered notification, unfolded, as (name, value) pairs.</summary>
    public static List<(string Name, string Value)> Headers(ReadOnlyMemory<byte> message)
    {
        var text = Encoding.UTF8.GetString(message.Span);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var block = text[..end].Replace("\r\n ", " ", StringComparison.Ordinal);
        var list = new List<(string, string)>();
        foreach (var line in block.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            list.Add((line[..colon], line[(colon + 1)..].Trim()));
        }

        return list;
    }

    public static string Body(ReadOnlyMemory<byte> message)
    {
        var text = Encoding.UTF8.GetString(message.Span);
        return text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
    }

    public static string DecodedBody(ReadOnlyMemory<byte> message)
    {
        var headers = Headers(message);
        var body = Body(message);
        return headers.Single(h => h.Name == "Content-Transfer-Encoding").Value == "quoted-printable" ? QpDecode(body) : body;
    }

    private static string QpDecode(string body)
    {
        var bytes = new List<byte>();
        var text = body.Replace("=\r\n", "", StringComparison.Ordinal);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length)
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
