using System.IO.Compression;
using System.Text;

namespace Vigil.Engine.Tests.Fuzz;

/// <summary>
/// Synthetic mails nested far past any sane depth: multiparts in multiparts (with distinct,
/// shared or missing closing boundaries), message/rfc822 in message/rfc822, base64-encoded
/// messages in messages, and zips in zips. They probe the depth limits and recursion.
/// </summary>
internal static class DeepNesting
{
    private const string Crlf = "\r\n";

    public static FuzzCase Generate(Random random)
    {
        return random.Next(5) switch
        {
            0 => Multiparts(random),
            1 => Rfc822Messages(random),
            2 => EncodedMessages(random),
            3 => Zips(random),
            _ => Mixed(random),
        };
    }

    private static FuzzCase Multiparts(Random random)
    {
        var depth = 1 + random.Next(random.Next(3) == 0 ? 2000 : 120);
        var sharedBoundary = random.Next(4) == 0;
        var closeEvery = random.Next(3) switch { 0 => 0, 1 => 1, _ => 2 + random.Next(5) };
        var text = new StringBuilder(Headers("multipart nesting"));
        for (var i = 0; i < depth; i++)
        {
            var b = sharedBoundary ? "b" : $"b{i}x";
            text.Append($"Content-Type: multipart/mixed; boundary=\"{b}\"{Crlf}{Crlf}--{b}{Crlf}");
        }

        text.Append($"Content-Type: text/plain{Crlf}{Crlf}innermost{Crlf}");
        for (var i = depth - 1; i >= 0; i--)
        {
            if (closeEvery != 0 && i % closeEvery == 0)
            {
                text.Append($"--{(sharedBoundary ? "b" : $"b{i}x")}--{Crlf}");
            }
        }

        return new FuzzCase(Encoding.ASCII.GetBytes(text.ToString()), $"nested multiparts depth {depth} shared={sharedBoundary} closeEvery={closeEvery}");
    }

    private static FuzzCase Rfc822Messages(Random random)
    {
        var depth = 1 + random.Next(random.Next(3) == 0 ? 3000 : 120);
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            text.Append($"Subject: level {i}{Crlf}MIME-Version: 1.0{Crlf}Content-Type: message/rfc822{Crlf}{Crlf}");
        }

        text.Append($"Subject: bottom{Crlf}Content-Type: application/octet-stream; name=\"x.exe\"{Crlf}{Crlf}MZ");
        return new FuzzCase(Encoding.ASCII.GetBytes(text.ToString()), $"nested message/rfc822 depth {depth}");
    }

    /// <summary>Each level base64-encodes the one below, so the analysis must decode and re-parse at every level.</summary>
    private static FuzzCase EncodedMessages(Random random)
    {
        var depth = 1 + random.Next(random.Next(4) == 0 ? 40 : 12);
        var inner = Encoding.ASCII.GetBytes($"Subject: bottom{Crlf}Content-Type: text/plain{Crlf}{Crlf}hello{Crlf}");
        for (var i = 0; i < depth; i++)
        {
            var encoded = Convert.ToBase64String(inner, Base64FormattingOptions.InsertLineBreaks);
            inner = Encoding.ASCII.GetBytes(
                $"Subject: level {i}{Crlf}MIME-Version: 1.0{Crlf}Content-Type: message/rfc822{Crlf}" +
                $"Content-Transfer-Encoding: base64{Crlf}{Crlf}{encoded}{Crlf}");
            if (inner.Length > 4 << 20)
            {
                depth = i + 1;
                break;
            }
        }

        return new FuzzCase(inner, $"base64-encoded message/rfc822 depth {depth}");
    }

    private static FuzzCase Zips(Random random)
    {
        var depth = 1 + random.Next(random.Next(3) == 0 ? 30 : 12);
        var payload = Encoding.ASCII.GetBytes("MZ this is not really a program");
        var name = "x.exe";
        for (var i = 0; i < depth; i++)
        {
            payload = Zip(name, payload, random.Next(2) == 0 ? CompressionLevel.NoCompression : CompressionLevel.Fastest);
            name = $"level{i}.zip";
        }

        var body = Convert.ToBase64String(payload, Base64FormattingOptions.InsertLineBreaks);
        var text = Headers("zip nesting") +
            $"Content-Type: multipart/mixed; boundary=z{Crlf}{Crlf}--z{Crlf}" +
            $"Content-Type: application/zip; name=\"{name}\"{Crlf}Content-Transfer-Encoding: base64{Crlf}{Crlf}{body}{Crlf}--z--{Crlf}";
        return new FuzzCase(Encoding.ASCII.GetBytes(text), $"zip in zip depth {depth}");
    }

    /// <summary>Alternates multiparts and messages, each level also carrying a small leaf, to multiply entities.</summary>
    private static FuzzCase Mixed(Random random)
    {
        var depth = 1 + random.Next(200);
        var text = new StringBuilder(Headers("mixed nesting"));
        var open = new Stack<string>();
        for (var i = 0; i < depth; i++)
        {
            if (i % 2 == 0)
            {
                var b = $"m{i}x";
                open.Push(b);
                text.Append($"Content-Type: multipart/mixed; boundary={b}{Crlf}{Crlf}--{b}{Crlf}");
                text.Append($"Content-Type: text/plain; name=\"f{i}.txt\"{Crlf}{Crlf}leaf {i}{Crlf}--{b}{Crlf}");
            }
            else
            {
                text.Append($"Content-Type: message/rfc822{Crlf}{Crlf}Subject: s{i}{Crlf}");
            }
        }

        text.Append($"Content-Type: text/plain{Crlf}{Crlf}bottom{Crlf}");
        while (open.Count > 0)
        {
            text.Append($"--{open.Pop()}--{Crlf}");
        }

        return new FuzzCase(Encoding.ASCII.GetBytes(text.ToString()), $"alternating multipart/message depth {depth}");
    }

    private static string Headers(string subject) =>
        $"From: a@example.com{Crlf}To: b@example.net{Crlf}Subject: {subject}{Crlf}MIME-Version: 1.0{Crlf}";

    private static byte[] Zip(string name, byte[] content, CompressionLevel level)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry(name, level);
            using var stream = entry.Open();
            stream.Write(content);
        }

        return buffer.ToArray();
    }
}
