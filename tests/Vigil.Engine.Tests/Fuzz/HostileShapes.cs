using System.Text;

namespace Vigil.Engine.Tests.Fuzz;

/// <summary>
/// Synthetic mails shaped to exhaust a limit rather than to break a rule: thousands of parts,
/// giant header blocks and lines, endless folding, delimiter floods, bare CRs, NULs.
/// </summary>
internal static class HostileShapes
{
    private const string Crlf = "\r\n";

    public static FuzzCase Generate(Random random)
    {
        return random.Next(7) switch
        {
            0 => ManyParts(random),
            1 => GiantHeader(random),
            2 => EndlessFolding(random),
            3 => LongLine(random),
            4 => DelimiterFlood(random),
            5 => BareCarriageReturns(random),
            _ => NulsAndHighBytes(random),
        };
    }

    private static FuzzCase ManyParts(Random random)
    {
        // Up to four times the parts limit: the parts past it once cost a stack frame each, and at
        // 15,000 at most the fuzz never reached the 30,000 that overflowed a thread-pool stack.
        var parts = 1 + random.Next(40_000);
        var text = new StringBuilder(Top("many parts")).Append($"Content-Type: multipart/mixed; boundary=p{Crlf}{Crlf}");
        for (var i = 0; i < parts; i++)
        {
            text.Append($"--p{Crlf}Content-Type: text/plain; name=\"{i}.txt\"{Crlf}{Crlf}{i}{Crlf}");
        }

        text.Append($"--p--{Crlf}");
        return Case(text, $"{parts} parts");
    }

    private static FuzzCase GiantHeader(Random random)
    {
        var fields = 1 + random.Next(60_000);
        var text = new StringBuilder(Top("giant header"));
        for (var i = 0; i < fields; i++)
        {
            text.Append($"X-Filler-{i}: {new string('x', random.Next(40))}{Crlf}");
        }

        text.Append($"{Crlf}body{Crlf}");
        return Case(text, $"{fields} header fields");
    }

    private static FuzzCase EndlessFolding(Random random)
    {
        var folds = 1 + random.Next(100_000);
        var text = new StringBuilder(Top("folding")).Append("Content-Type: multipart/mixed;");
        for (var i = 0; i < folds; i++)
        {
            text.Append(Crlf).Append(random.Next(2) == 0 ? " " : "\t").Append(i % 1000 == 0 ? "boundary=f;" : "x=y;");
        }

        text.Append($"{Crlf}{Crlf}--f{Crlf}{Crlf}part{Crlf}--f--{Crlf}");
        return Case(text, $"Content-Type folded {folds} times");
    }

    private static FuzzCase LongLine(Random random)
    {
        var length = 1 + random.Next(3_000_000);
        var base64 = random.Next(2) == 0;
        var text = new StringBuilder(Top("long line"))
            .Append($"Content-Type: application/octet-stream; name=a.bin{Crlf}")
            .Append(base64 ? $"Content-Transfer-Encoding: base64{Crlf}" : "")
            .Append(Crlf)
            .Append(base64 ? 'Q' : 'a', length);
        return Case(text, $"one body line of {length} characters, base64={base64}");
    }

    private static FuzzCase DelimiterFlood(Random random)
    {
        var lines = 1 + random.Next(200_000);
        var text = new StringBuilder(Top("delimiters")).Append($"Content-Type: multipart/mixed; boundary=d{Crlf}{Crlf}");
        for (var i = 0; i < lines; i++)
        {
            text.Append(random.Next(3) switch { 0 => "--d", 1 => "--d--", _ => "--" }).Append(Crlf);
        }

        return Case(text, $"{lines} delimiter lines and no part headers");
    }

    private static FuzzCase BareCarriageReturns(Random random)
    {
        var parts = 1 + random.Next(50);
        var text = new StringBuilder($"Subject: cr\rMIME-Version: 1.0\rContent-Type: multipart/mixed; boundary=c\r\r");
        for (var i = 0; i < parts; i++)
        {
            text.Append($"--c\rContent-Type: application/octet-stream; name=\"{i}.exe\"\rContent-Transfer-Encoding: base64\r\rTVqQAAMAAAAEAAAA\r");
        }

        text.Append("--c--\r");
        return Case(text, $"{parts} parts with bare CR line ends only");
    }

    private static FuzzCase NulsAndHighBytes(Random random)
    {
        var body = new byte[1 + random.Next(200_000)];
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = random.Next(4) switch { 0 => 0, 1 => (byte)random.Next(128, 256), 2 => (byte)'\n', _ => (byte)random.Next(32, 127) };
        }

        var head = Encoding.ASCII.GetBytes(Top("nuls") + $"Content-Type: text/plain{Crlf}{Crlf}");
        return new FuzzCase([.. head, .. body], $"{body.Length} bytes of NULs, high bytes and LFs");
    }

    private static string Top(string subject) =>
        $"From: a@example.com{Crlf}To: b@example.net{Crlf}Subject: {subject}{Crlf}MIME-Version: 1.0{Crlf}";

    private static FuzzCase Case(StringBuilder text, string description) =>
        new(Encoding.Latin1.GetBytes(text.ToString()), description);
}
