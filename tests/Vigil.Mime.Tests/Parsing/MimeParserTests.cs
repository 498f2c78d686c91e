using System.Text;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;

namespace Vigil.Mime.Tests.Parsing;

public class MimeParserTests
{
    private const string Nested =
        "From: a@example.test\r\nSubject: hi\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n" +
        "preamble\r\n--outer\r\nContent-Type: text/plain\r\n\r\nhello\r\n" +
        "--outer\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n" +
        "--inner\r\nContent-Type: text/plain\r\n\r\nplain\r\n--inner\r\nContent-Type: text/html\r\n\r\n<b>html</b>\r\n--inner--\r\n" +
        "--outer\r\nContent-Type: application/octet-stream; name=\"a.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAw==\r\n--outer--\r\nepilogue\r\n";

    [Fact]
    public void NumbersNestedPartsLikeImap()
    {
        using var m = new ParsedMessage(Nested);
        var paths = m.Root.DescendantsAndSelf().Select(e => e.Path).ToArray();
        Assert.Equal(["", "1", "2", "2.1", "2.2", "3"], paths);
        Assert.Equal("hello", m.Text("1"));
        Assert.Equal("<b>html</b>", m.Text("2.2"));
        Assert.Equal(new byte[] { 0, 1, 2, 3 }, Encoding.Latin1.GetBytes(m.Text("3")));
        Assert.Equal("a.bin", m.Part("3").FileName);
        Assert.Empty(m.Context.Anomalies);
    }

    [Fact]
    public void ParsesTheSameTreeWithBareLineFeeds()
    {
        using var m = new ParsedMessage(Nested.Replace("\r\n", "\n"));
        Assert.Equal(["", "1", "2", "2.1", "2.2", "3"], m.Root.DescendantsAndSelf().Select(e => e.Path).ToArray());
        Assert.Equal("plain", m.Text("2.1"));
    }

    [Fact]
    public void OuterBoundaryClosesAnInnerMultipartThatForgotItsCloseDelimiter()
    {
        var msg = "Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: multipart/mixed; boundary=i\n\n--i\n\ninner\n--o\nContent-Type: text/plain; name=x.txt\n\nlast\n--o--\n";
        using var m = new ParsedMessage(msg);
        Assert.Equal("inner", m.Text("1.1"));
        Assert.Equal("last", m.Text("2"));
        Assert.True(m.Has(AnomalyCodes.MissingClosingBoundary));
    }

    [Fact]
    public void ContentOfAMultipartWhoseBoundaryNeverAppearsIsStillReadAsAPart()
    {
        var msg = "Content-Type: multipart/mixed; boundary=nothere\n\nhidden payload\n";
        using var m = new ParsedMessage(msg);
        Assert.Equal("hidden payload", m.Text("1"));
        Assert.True(m.Has(AnomalyCodes.NoBoundaryFound));
    }

    [Fact]
    public void RecursesIntoAttachedMessages()
    {
        var msg = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n\n" +
                  "Subject: inner\nContent-Type: multipart/mixed; boundary=c\n\n--c\nContent-Type: application/zip; name=in.zip\n\nZIP\n--c--\n--b--\n";
        using var m = new ParsedMessage(msg);
        Assert.Equal(EntitySource.Message, m.Part("1.1").Source);
        Assert.Equal("in.zip", m.Part("1.1.1").FileName);
        Assert.Equal("ZIP", m.Text("1.1.1"));
    }

    [Fact]
    public void DecodesABase64BodyLargerThanTheReadBuffer()
    {
        var payload = new byte[300_000];
        new Random(7).NextBytes(payload);
        var b64 = Convert.ToBase64String(payload, Base64FormattingOptions.InsertLineBreaks);
        var msg = "Content-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64 + "\r\n--zz--\r\n";
        using var m = new ParsedMessage(msg);
        Assert.Equal(payload, Encoding.Latin1.GetBytes(m.Text("1")));
    }

    [Fact]
    public void KeepsLinesThatOnlyLookLikeBoundariesInTheBody()
    {
        var msg = "Content-Type: multipart/mixed; boundary=abc\n\n--abc\n\n-- \nsig\n--abcdef\n--abc --\n--abc--\n";
        using var m = new ParsedMessage(msg);
        Assert.Equal("-- \nsig\n--abcdef", m.Text("1").Split("\n--abc ")[0]);
    }

    [Fact]
    public void ReadsAVeryLongLineInPiecesWithoutLosingBytes()
    {
        var line = new string('x', 200_000);
        using var m = new ParsedMessage("Subject: long\n\n" + line + "\n");
        Assert.Equal(line, m.Text(""));
    }

    [Fact]
    public void EmptyInputIsAnEmptyMessageNotAnError()
    {
        using var m = new ParsedMessage([]);
        Assert.True(m.Has(AnomalyCodes.EmptyMessage));
    }

    [Fact]
    public void RandomBytesStillParse()
    {
        var bytes = new byte[100_000];
        new Random(3).NextBytes(bytes);
        using var m = new ParsedMessage(bytes);
        Assert.NotNull(m.Root);
    }

    [Fact]
    public void CommentInsideAContentHeaderNameIsAFormatAnomaly()
    {
        using var m = new ParsedMessage("Content-T(xx)ype: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nx\n--b--\n");
        var a = m.Context.Anomalies.Single(x => x.Code == AnomalyCodes.CommentInHeader);
        Assert.Equal(AnomalySeverity.Format, a.Severity);
        Assert.Equal("multipart/mixed", m.Root.DeclaredType);
    }

    [Fact]
    public void RepeatedContentTypeIsAFormatAnomalyAndTheFirstDecides()
    {
        using var m = new ParsedMessage("Content-Type: text/plain\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n--b--\n");
        Assert.True(m.Has(AnomalyCodes.RepeatedMimeHeader));
        Assert.Equal("text/plain", m.Root.DeclaredType);
    }

    [Fact]
    public void BoundaryLongerThan250CharactersIsAFormatAnomaly()
    {
        var b = new string('b', 251);
        using var m = new ParsedMessage($"Content-Type: multipart/mixed; boundary={b}\n\n--{b}\n\nx\n--{b}--\n");
        Assert.True(m.Has(AnomalyCodes.LongBoundary));
        Assert.Equal("x", m.Text("1"));
    }

    [Fact]
    public void InnerMultipartReusingTheOuterBoundaryIsAFormatAnomaly()
    {
        using var m = new ParsedMessage("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n--b--\n");
        Assert.True(m.Has(AnomalyCodes.DuplicateBoundary));
    }

    [Fact]
    public void HeaderLineWithoutFieldNameInAPartIsABrokenHeader()
    {
        using var m = new ParsedMessage("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/octet-stream;\nname=evil.exe\n\nx\n--b--\n");
        Assert.True(m.Has(AnomalyCodes.BrokenContinuation));
        Assert.Contains(m.Part("1").Names, n => n.Normalized == "evil.exe");
    }

    [Fact]
    public void NestingDeeperThanTheLimitEndsInALimitHit()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 100; i++)
        {
            sb.Append($"Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n");
        }

        sb.Append("\ninnermost\n");
        using var m = new ParsedMessage(sb.ToString());
        Assert.Contains(m.Context.Budget.Hits, h => h.Limit == LimitNames.MimeDepth);
    }

    [Fact]
    public void PartCountIsBounded()
    {
        var sb = new StringBuilder("Content-Type: multipart/mixed; boundary=b\n\n");
        for (var i = 0; i < 50; i++)
        {
            sb.Append("--b\n\nx\n");
        }

        using var m = new ParsedMessage(sb.ToString(), AnalysisLimits.Default with { MaxParts = 10 });
        Assert.Contains(m.Context.Budget.Hits, h => h.Limit == LimitNames.Parts);
        Assert.True(m.Root.DescendantsAndSelf().Count() <= 10);
    }

    [Fact]
    public void HugeHeaderBlockEndsInALimitHitAndTheBodyIsStillRead()
    {
        var sb = new StringBuilder("Subject: x\n");
        for (var i = 0; i < 5000; i++)
        {
            sb.Append("X-Junk: ").Append(new string('j', 100)).Append('\n');
        }

        sb.Append("\nbody\n");
        using var m = new ParsedMessage(sb.ToString(), AnalysisLimits.Default with { MaxHeaderBytes = 64 * 1024 });
        Assert.Contains(m.Context.Budget.Hits, h => h.Limit == LimitNames.HeaderBytes);
        Assert.Equal("body", m.Text(""));
    }

    [Fact]
    public void DecodedBytesAreBoundedPerMessage()
    {
        var body = Convert.ToBase64String(new byte[200_000], Base64FormattingOptions.InsertLineBreaks);
        var msg = "Content-Transfer-Encoding: base64\n\n" + body + "\n";
        using var m = new ParsedMessage(msg, AnalysisLimits.Default with { MaxDecodedBytes = 50_000 });
        Assert.Contains(m.Context.Budget.Hits, h => h.Limit == LimitNames.DecodedBytes);
        Assert.True(m.Root.Size <= 50_000);
    }

    [Fact]
    public void MessagePartialIsRecorded()
    {
        using var m = new ParsedMessage("Content-Type: message/partial; id=\"x\"; number=1; total=2\n\npart one\n");
        Assert.True(m.Has(AnomalyCodes.MessagePartial));
    }

    [Fact]
    public void AFieldBehindAVerticalTabIsReadAndFlagged()
    {
        using var m = new ParsedMessage("Content-Type: multipart/mixed; boundary=b\n\n--b\n\u000bContent-Transfer-Encoding: base64\n\naGVsbG8=\n--b--\n");
        Assert.Equal("hello", m.Text("1"));
        Assert.Contains(m.Context.Anomalies, a => a.Code == AnomalyCodes.BrokenPartHeader && a.Severity == AnomalySeverity.Format);
    }

    [Theory]
    [InlineData("quotedprint", "=41=42", "AB")]
    [InlineData("base-64", "QUI=", "AB")]
    public void AMisspelledTransferEncodingIsDecodedAsClientsDoAndFlagged(string cte, string body, string expected)
    {
        using var m = new ParsedMessage($"Content-Transfer-Encoding: {cte}\n\n{body}\n");
        Assert.Equal(expected, m.Text(""));
        Assert.True(m.Has(AnomalyCodes.NonStandardTransferEncoding));
    }

    [Fact]
    public void ABoundaryOfAnEndedMultipartSeenAgainIsAFormatAnomaly()
    {
        var msg = "Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: multipart/mixed; boundary=i\n\n--i\n\nx\n--o\n\ny\n--i\n\nhidden\n--o--\n";
        using var m = new ParsedMessage(msg);
        Assert.True(m.Has(AnomalyCodes.BoundaryAfterClose));
    }

    [Fact]
    public void ARepeatedCloseDelimiterIsHarmless()
    {
        using var m = new ParsedMessage("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n--b--\n--b--\n");
        Assert.False(m.Has(AnomalyCodes.BoundaryAfterClose));
    }

    [Fact]
    public void Base64PaddingInsideALineIsAFormatAnomalyButAFooterAfterThePaddingIsNot()
    {
        using var tricked = new ParsedMessage("Content-Transfer-Encoding: base64\n\nUEsDBBQ=Ag=I=BFKjkk8z1\n");
        Assert.True(tricked.Has(AnomalyCodes.Base64PaddingInLine));
        using var footer = new ParsedMessage("Content-Transfer-Encoding: base64\n\naGVsbG8=\n____\nlist footer\n");
        Assert.False(footer.Has(AnomalyCodes.Base64PaddingInLine));
        Assert.True(footer.Has(AnomalyCodes.Base64DataAfterPadding));
    }

    [Fact]
    public void AQuotedPairInsideTheMediaTypeIsReadAsAClientWouldAndFlagged()
    {
        using var m = new ParsedMessage("Content-Type: multi\\part/mixed; boundary=b\n\n--b\n\nx\n--b--\n");
        Assert.Equal("multipart/mixed", m.Root.DeclaredType);
        Assert.Equal("x", m.Text("1"));
        Assert.True(m.Has(AnomalyCodes.InvalidContentType));
    }
}
