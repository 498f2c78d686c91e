using System.Text;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Mime.Tests.Parsing;

namespace Vigil.Mime.Tests.Decoding;

/// <summary>The second reading of a quoted-printable part with broken escapes, as the parser builds it.</summary>
public sealed class QuotedPrintableAlternativeTests
{
    private static string Mail(string type, string disposition, string qpBody) =>
        "From: a@example.test\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n" +
        "--B\r\nContent-Type: text/plain\r\n\r\nhello\r\n" +
        $"--B\r\nContent-Type: {type}\r\n{disposition}Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
        qpBody + "\r\n--B--\r\n";

    /// <summary>Each byte written as "=0=XX=" on a line of its own, the hide-content trick.</summary>
    private static string HideEachByte(byte[] content, string junk)
    {
        var sb = new StringBuilder();
        foreach (var b in content)
        {
            sb.Append(junk).Append('=').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)).Append("=\r\n");
        }

        return sb.ToString();
    }

    [Theory]
    [InlineData("=0")]
    [InlineData("=XX")]
    public void AnAttachmentWithABrokenEscapeBeforeEveryByteGetsTheDroppedReadingAsAChild(string junk)
    {
        var payload = Encoding.Latin1.GetBytes("PK\u0003\u0004 payload \u00ff bytes\r\nline two");
        var mail = Mail("application/octet-stream; name=\"p.zip\"", "Content-Disposition: attachment; filename=\"p.zip\"\r\n", HideEachByte(payload, junk));
        using var parsed = new ParsedMessage(mail);

        var part = parsed.Part("2");
        var alternative = Assert.Single(part.Children);
        Assert.Equal("2/#qp-alt", alternative.Path);
        Assert.Equal(EntitySource.MimePart, alternative.Source);
        Assert.Equal("p.zip", alternative.FileName);
        Assert.Equal("application/octet-stream", alternative.DeclaredType);
        Assert.Equal("quoted-printable", alternative.TransferEncoding);
        Assert.Equal(Encoding.Latin1.GetString(payload), parsed.Text("2/#qp-alt"));
        Assert.StartsWith(junk + "P" + junk + "K", parsed.Text("2"), StringComparison.Ordinal);

        var anomaly = Assert.Single(parsed.Context.Anomalies, a => a.Code == AnomalyCodes.QuotedPrintableInvalid);
        Assert.Equal(AnomalySeverity.Format, anomaly.Severity);
        Assert.Equal("2", anomaly.PartPath);
    }

    [Fact]
    public void TheAlternativeStartsWithWhatCameBeforeTheFirstBrokenEscape()
    {
        // Long enough that the clean start is decoded in earlier chunks than the first broken escape.
        var clean = string.Concat(Enumerable.Repeat("abc=3D=41 ok=\r\n", 2000));
        using var parsed = new ParsedMessage(Mail("application/pdf", "", clean + "x=ZZy=0=42z"));

        var expectedStart = string.Concat(Enumerable.Repeat("abc=A ok", 2000));
        Assert.Equal(expectedStart + "x=ZZy=0Bz", parsed.Text("2"));
        Assert.Equal(expectedStart + "xyBz", parsed.Text("2/#qp-alt"));
    }

    [Fact]
    public void ATextBodyWithAStrayEqualsSignGetsTheAlternativeButOnlyANotice()
    {
        using var parsed = new ParsedMessage(Mail("text/html", "", "<a href=\"x?a=b&c=d\">link</a>"));

        Assert.Equal("<a href=\"x?a=b&c=d\">link</a>", parsed.Text("2"));
        // Each broken escape takes its two hex places with it.
        Assert.Equal("<a href?ac>link</a>", parsed.Text("2/#qp-alt"));
        var anomaly = Assert.Single(parsed.Context.Anomalies, a => a.Code == AnomalyCodes.QuotedPrintableInvalid);
        Assert.Equal(AnomalySeverity.Notice, anomaly.Severity);
    }

    [Fact]
    public void CleanQuotedPrintableHasNoAlternative()
    {
        using var parsed = new ParsedMessage(Mail("application/octet-stream", "", "caf=C3=A9 =\r\nsoft break=3D ok"));

        Assert.Empty(parsed.Part("2").Children);
        Assert.DoesNotContain(parsed.Context.Anomalies, a => a.Code == AnomalyCodes.QuotedPrintableInvalid);
    }

    [Fact]
    public void ASinglePartMessageGetsTheAlternativeUnderTheRoot()
    {
        const string mail = "From: a@example.test\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=XX=41=XX=42\r\n";
        using var parsed = new ParsedMessage(mail);

        Assert.Equal("AB", parsed.Text("#qp-alt"));
        Assert.Equal("=XXA=XXB", parsed.Text(""));
    }

    [Fact]
    public void TheAlternativeDrawsFromTheDecodedBudgetAndIsDroppedWhenItRunsOut()
    {
        var limits = AnalysisLimits.Default with { MaxDecodedBytes = 2200 };
        var body = string.Concat(Enumerable.Repeat("=XX=41", 500));
        using var parsed = new ParsedMessage(Mail("application/octet-stream", "", body), limits);

        Assert.Empty(parsed.Part("2").Children);
        Assert.NotEmpty(parsed.Context.Budget.Hits);
    }
}
