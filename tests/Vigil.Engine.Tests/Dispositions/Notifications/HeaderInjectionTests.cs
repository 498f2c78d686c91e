using System.Text;
using Vigil.Engine.Dispositions.Notifications;

namespace Vigil.Engine.Tests.Dispositions.Notifications;

public sealed class HeaderInjectionTests
{
    private static readonly NotificationSettings Everyone = new()
    {
        NotifySender = true,
        NotifyRecipients = true,
        RespMail = "postmaster@gateway.example",
        HostName = "gateway.example",
    };

    [Fact]
    public void SubjectWithEncodedLineBreakAndBccCannotAddAHeader()
    {
        // RFC 2047 lets a sender smuggle CR LF into the decoded Subject: "hi\r\nBcc: victim@evil.example".
        var encoded = "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("hi\r\nBcc: victim@evil.example\r\n\r\nbody")) + "?=";
        using var result = BlockedMessage.Policy(
            "From: a@example.org\r\nSubject: " + encoded + "\r\nMessage-ID: <x\r\n y@example.org>\r\n");
        Assert.Contains('\n', result.Analysis!.Subject);

        var plan = NotificationPlanner.Plan(result, BlockedMessage.Envelope(), Everyone);
        Assert.NotEmpty(plan);
        foreach (var n in plan)
        {
            var headers = BlockedMessage.Headers(n.Message);
            Assert.DoesNotContain(headers, h => h.Name.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
            Assert.Single(headers, h => h.Name == "Subject");
            Assert.Contains("hi Bcc: victim@evil.example body", n.Subject, StringComparison.Ordinal);
            Assert.DoesNotContain('\r', n.Subject);
            Assert.DoesNotContain('\n', n.Subject);

            // In the body the value stays on its line too.
            Assert.DoesNotContain("\nBcc:", BlockedMessage.DecodedBody(n.Message), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ControlCharactersAndBidiOverridesAreRemovedAndLongValuesCapped()
    {
        Assert.Equal("abc def", HeaderText.Sanitize("a\u0000b\u001Bc\t\u202Edef\u0007"));
        Assert.Equal(HeaderText.DefaultMaxLength, HeaderText.Sanitize(new string('x', 100_000)).Length);

        // A cut never leaves half a surrogate pair.
        var capped = HeaderText.Sanitize("ab\U0001F600", 3);
        Assert.Equal("ab", capped);
    }

    [Fact]
    public void RenderedNotificationIsACompleteMessageWithAnEncodedNonAsciiSubject()
    {
        using var result = BlockedMessage.Policy("From: a@example.org\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_M=C3=BCnchen?=\r\nMessage-ID: <m1@example.org>\r\n");
        var n = Assert.Single(NotificationPlanner.Plan(result, BlockedMessage.Envelope("anna@example.de"), new NotificationSettings { RespMail = "pm@gateway.example", HostName = "gateway.example" }));

        var text = Encoding.UTF8.GetString(n.Message.Span);
        var headerBlock = text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.True(headerBlock.All(c => c < 128), "headers are 7-bit");
        Assert.DoesNotContain(text.Replace("\r\n", "", StringComparison.Ordinal), c => c == '\n' || c == '\r');

        var headers = BlockedMessage.Headers(n.Message);
        foreach (var name in new[] { "Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Auto-Submitted" })
        {
            Assert.Single(headers, h => h.Name == name);
        }

        Assert.Equal("text/plain; charset=utf-8", headers.Single(h => h.Name == "Content-Type").Value);
        Assert.Equal("auto-replied", headers.Single(h => h.Name == "Auto-Submitted").Value);
        Assert.Matches(@"^<\d+\.[0-9a-f]{16}\.vigil@gateway\.example>$", headers.Single(h => h.Name == "Message-ID").Value);
        Assert.Matches(@"^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$", headers.Single(h => h.Name == "Date").Value);

        var subject = headers.Single(h => h.Name == "Subject").Value;
        Assert.StartsWith("=?UTF-8?B?", subject, StringComparison.Ordinal);
        Assert.Equal("Nachricht blockiert: Grüße aus München", DecodeWords(subject));
        Assert.Equal(n.Subject, DecodeWords(subject));
        Assert.Contains("Grüße aus München", BlockedMessage.DecodedBody(n.Message), StringComparison.Ordinal);

        // Every line within the 998-octet limit, encoded words within 75 characters.
        Assert.All(text.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 998));
        Assert.All(subject.Split(' '), word => Assert.True(word.Length <= 75));
    }

    [Fact]
    public void LongNonAsciiSubjectIsSplitIntoWordsWithoutBreakingCharacters()
    {
        var value = string.Concat(Enumerable.Repeat("Ünïcödé \U0001F600 ", 12)).Trim();
        var encoded = EncodedWords.Encode(value);

        Assert.Contains("\r\n ", encoded, StringComparison.Ordinal);
        Assert.Equal(value, DecodeWords(encoded.Replace("\r\n ", " ", StringComparison.Ordinal)));
    }

    private static string DecodeWords(string value)
    {
        var bytes = new List<byte>();
        foreach (var word in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.StartsWith("=?UTF-8?B?", word, StringComparison.Ordinal);
            bytes.AddRange(Convert.FromBase64String(word[10..^2]));
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
