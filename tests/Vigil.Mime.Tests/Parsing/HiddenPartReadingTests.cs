using System.Text;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Mime.Parsing;

namespace Vigil.Mime.Tests.Parsing;

/// <summary>
/// The readings other clients take where the MIME is broken: a boundary taken from the body when
/// the header gives none that works, base64 '=' read as the digit 0, and a part header that runs
/// into its base64 body. Each reading is found by a rule, not by matching a sample.
/// </summary>
public class HiddenPartReadingTests
{
    private const string Body =
        "--real_7\nContent-Type: text/plain\n\nhello\n" +
        "--real_7\nContent-Type: application/octet-stream; name=\"x.bin\"\nContent-Transfer-Encoding: base64\n\nAAECAw==\n" +
        "--real_7--\n";

    [Fact]
    public void AMessageGetsSixteenBoundaryGuessesAndTheRestStayOnePartEach()
    {
        var text = new StringBuilder("Content-Type: multipart/mixed; boundary=outer\n\n");
        for (var i = 0; i < 40; i++)
        {
            text.Append($"--outer\nContent-Type: multipart/mixed\n\n--in{i}\nContent-Type: text/plain\n\nx\n--in{i}--\n");
        }

        text.Append("--outer--\n");
        using var m = new ParsedMessage(text.ToString());
        var expander = new BoundaryGuessExpander();
        foreach (var unsplit in m.Root.DescendantsAndSelf().Where(e => e.IsUnsplitMultipartBody).ToList())
        {
            expander.Expand(unsplit, m.Context);
        }

        var guesses = m.Root.DescendantsAndSelf().Count(e => e.Path.EndsWith(BoundaryGuessExpander.PathSuffix, StringComparison.Ordinal));
        Assert.Equal(AnalysisContext.MaxBoundaryGuesses, guesses);
        Assert.Contains(m.Context.Anomalies, a => a.Code == AnomalyCodes.BoundaryGuessed && a.Detail.StartsWith("not split", StringComparison.Ordinal));
    }

    [Fact]
    public void GuessesNestedInGuessesStopAtFourLevelsAndTheInnermostBodyStaysOnePart()
    {
        // Ten multiparts without a boundary, each inside the last: every guess parses its body
        // again, so unbounded nesting would cost the depth times the size.
        var text = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            text.Append($"Content-Type: multipart/mixed\n\n--level{i}\n");
        }

        text.Append("Content-Type: text/plain\n\ninnermost\n");
        for (var i = 9; i >= 0; i--)
        {
            text.Append($"--level{i}--\n");
        }

        using var m = new ParsedMessage(text.ToString());
        var expander = new BoundaryGuessExpander();
        var expanded = new HashSet<Entity>();
        while (m.Root.DescendantsAndSelf().FirstOrDefault(e => !expanded.Contains(e) && expander.CanExpand(e)) is { } next)
        {
            expanded.Add(next);
            expander.Expand(next, m.Context);
        }

        var guesses = m.Root.DescendantsAndSelf().Where(e => e.Path.EndsWith(BoundaryGuessExpander.PathSuffix, StringComparison.Ordinal)).ToList();
        Assert.Equal(4, guesses.Count);
        Assert.Contains(m.Root.DescendantsAndSelf(), e => e.IsUnsplitMultipartBody && !expander.CanExpand(e));
    }

    [Theory]
    [InlineData("multipart/mixed")]
    [InlineData("multipart/mixed; boundary=\"boundary=real_7\"")]
    [InlineData("multipart/mixed; boundary='real 7'")]
    [InlineData("multipart/mixed; boundary*0*=''real_; boundary*1*=7")]
    [InlineData("multipart/mixed; (() boundary=real_7 )")]
    public void AMultipartWithNoUsableBoundaryIsSplitByTheDelimiterInItsBody(string contentType)
    {
        using var m = new ParsedMessage($"Content-Type: {contentType}\n\n{Body}");
        var unsplit = m.Root.DescendantsAndSelf().Single(e => e.IsUnsplitMultipartBody);

        new BoundaryGuessExpander().Expand(unsplit, m.Context);

        var guessed = Assert.Single(unsplit.Children, e => e.Path.EndsWith(BoundaryGuessExpander.PathSuffix, StringComparison.Ordinal));
        Assert.Equal("multipart/mixed", guessed.DeclaredType);
        Assert.Equal(2, guessed.Children.Count);
        Assert.Equal("x.bin", guessed.Children[1].FileName);
        Assert.Equal(new byte[] { 0, 1, 2, 3 }, Encoding.Latin1.GetBytes(m.Text(guessed.Children[1].Path)));
        Assert.True(m.Has(AnomalyCodes.BoundaryGuessed));
    }

    [Theory]
    [InlineData("-- \nJo, signing off\n")]
    [InlineData("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nhi\n")]
    [InlineData("--real_7\nContent-Type: text/plain\n\nonly once, never closed\n")]
    public void NoBoundaryIsGuessedFromTextThatMerelyStartsWithDashes(string text)
    {
        using var m = new ParsedMessage($"Content-Type: multipart/mixed\n\n{text}");

        var unsplit = m.Root.DescendantsAndSelf().Single(e => e.IsUnsplitMultipartBody);
        new BoundaryGuessExpander().Expand(unsplit, m.Context);

        Assert.Empty(unsplit.Children);
        Assert.False(m.Has(AnomalyCodes.BoundaryGuessed));
    }

    [Fact]
    public void Base64PaddingInsideALineIsAlsoReadAsTheDigitZero()
    {
        // "AAECAwQF" with two of its 'A's written as '=': the part reads '=' as padding, the
        // alternative as 0, which gives the bytes back.
        var msg = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/octet-stream; name=a.zip\n" +
                  "Content-Transfer-Encoding: base64\n\n=AECAwQF=AECAwQF\n--b--\n";
        using var m = new ParsedMessage(msg);

        Assert.True(m.Has(AnomalyCodes.Base64PaddingInLine));
        var alternative = m.Part("1/" + "#b64-alt");
        Assert.Equal("a.zip", alternative.FileName);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5 }, Encoding.Latin1.GetBytes(m.Text(alternative.Path)));
    }

    [Fact]
    public void EveryEqualsOfThePartIsReadAsZeroNotOnlyThoseAfterTheFirstInsideALine()
    {
        // 20,000 lines "AAA=" (each 'A' at a line's end written as '='), far more than one read
        // buffer, then "UEsDBBQ=Ag==": the '=' followed by a letter comes 80 KB after the first
        // '='. Read as 0, every '=' gives the zeros and the zip signature back.
        const int lines = 20_000;
        var body = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            body.Append("AAA=\n");
        }

        body.Append("UEsDBBQ=Ag==\n");
        var msg = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/octet-stream; name=a.zip\n" +
                  $"Content-Transfer-Encoding: base64\n\n{body}--b--\n";
        using var m = new ParsedMessage(msg);

        var expected = new byte[3 * lines].Concat(new byte[] { 0x50, 0x4B, 3, 4, 0x14, 0, 2, 0, 0 }).ToArray();
        var alternative = m.Part("1/" + "#b64-alt");
        Assert.Equal("a.zip", alternative.FileName);
        Assert.Equal(expected, Encoding.Latin1.GetBytes(m.Text(alternative.Path)));
    }

    [Theory]
    [InlineData("AAECA=\nQF\n", new byte[] { 0, 1, 2, 0, 4, 5 })]
    [InlineData("AAECAw==\nAAEC\n", new byte[] { 0, 1, 2, 3, 0, 0, 0, 1, 2 })]
    [InlineData("AAEC==\n\n==AAEC\n", new byte[] { 0, 1, 2, 0, 0, 0, 0, 1, 2 })]
    public void AnEqualsAtALineEndFollowedByMoreBase64IsAlsoReadAsZero(string base64, byte[] expected)
    {
        var msg = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/octet-stream; name=a.zip\n" +
                  $"Content-Transfer-Encoding: base64\n\n{base64}--b--\n";
        using var m = new ParsedMessage(msg);

        Assert.Equal(expected, Encoding.Latin1.GetBytes(m.Text("1/" + "#b64-alt")));
    }

    [Theory]
    [InlineData("AAECAw==\n")]
    [InlineData("AAECAwQ=\n\n")]
    [InlineData("AAECAw==\n==\n \n")]
    public void PaddingAtTheEndOfTheDataHasNoSecondReading(string base64)
    {
        var msg = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/octet-stream; name=a.zip\n" +
                  $"Content-Transfer-Encoding: base64\n\n{base64}--b--\n";
        using var m = new ParsedMessage(msg);

        Assert.Empty(m.Part("1").Children);
        Assert.Equal(2, m.Context.Budget.Parts);
    }

    [Fact]
    public void CleanBase64HasNoSecondReading()
    {
        using var m = new ParsedMessage("Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\nAAECAw==\n");

        Assert.Empty(m.Root.Children);
        Assert.Equal(new byte[] { 0, 1, 2, 3 }, Encoding.Latin1.GetBytes(m.Text("")));
    }

    [Fact]
    public void APartHeaderThatRunsIntoBase64EndsWhereTheBase64Starts()
    {
        var msg = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/octet-stream; name=x.bin\n" +
                  "Content-Transfer-Encoding: base64\nAAECAw==\n--b--\n";
        using var m = new ParsedMessage(msg);

        var part = m.Part("1");
        Assert.Equal("base64", part.TransferEncoding);
        Assert.Equal(new byte[] { 0, 1, 2, 3 }, Encoding.Latin1.GetBytes(m.Text("1")));
        Assert.True(m.Has(AnomalyCodes.BrokenPartHeader));
        Assert.Empty(part.Children);
    }

    [Fact]
    public void AFieldAfterTheBase64ThatStartsTheBodyIsAlsoReadAsHeader()
    {
        // The body starts at "QUJD" for the base64 reading; a client that reads the header on to
        // the blank line sees the attachment's name, and its body after that line.
        var msg = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/octet-stream\n" +
                  "Content-Transfer-Encoding: base64\nQUJD\nContent-Disposition: attachment; filename=\"x.exe\"\n\nTVqQAAMA\n--b--\n";
        using var m = new ParsedMessage(msg);

        Assert.Null(m.Part("1").FileName);
        Assert.StartsWith("ABC", m.Text("1"), StringComparison.Ordinal);
        var readOn = m.Part("1/" + HeaderToBlankLineReading.PathSuffix);
        Assert.Equal("x.exe", readOn.FileName);
        Assert.Equal("attachment", readOn.Disposition);
        Assert.Equal("application/octet-stream", readOn.DeclaredType);
        Assert.Equal("base64", readOn.TransferEncoding);
        Assert.Equal("MZ\x90\0\x03\0", m.Text(readOn.Path));
    }

    [Fact]
    public void AHeaderReadOnToABlankLineThatNeverComesHasTheFieldsAndNoBody()
    {
        var msg = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n" +
                  "Content-Transfer-Encoding: base64\nQUJD\nContent-Type: application/x-msdownload; name=y.exe\nQUJD\n--b--\n";
        using var m = new ParsedMessage(msg);

        var readOn = m.Part("1/" + HeaderToBlankLineReading.PathSuffix);
        Assert.Equal("y.exe", readOn.FileName);
        Assert.Equal(0, readOn.Size);
        Assert.True(m.Has(AnomalyCodes.RepeatedMimeHeader));
    }

    [Fact]
    public void AFieldAfterAnyAmountOfBase64IsReadAsHeaderWithoutALimit()
    {
        var body = string.Concat(Enumerable.Repeat("QUJDQUJDQUJDQUJD\n", 1000));
        var msg = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/octet-stream\n" +
                  $"Content-Transfer-Encoding: base64\n{body}Content-Disposition: attachment; filename=x.exe\n\nTVqQAAMA\n--b--\n";
        using var m = new ParsedMessage(msg, AnalysisLimits.Default with { MaxHeaderBytes = 1000 });

        Assert.Equal("x.exe", m.Part("1/" + HeaderToBlankLineReading.PathSuffix).FileName);
        Assert.Empty(m.Context.Budget.Hits);
    }

    [Fact]
    public void TheHeaderReadOnKeepsTheHeaderByteLimit()
    {
        // Lines of base64 are left out of that header (they cost nothing there); other lines count.
        var body = "QUJD\n" + string.Concat(Enumerable.Repeat("QUJD QUJD QUJD!\n", 100));
        var msg = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/octet-stream\n" +
                  $"Content-Transfer-Encoding: base64\n{body}Content-Disposition: attachment; filename=x.exe\n\nTVqQAAMA\n--b--\n";
        using var m = new ParsedMessage(msg, AnalysisLimits.Default with { MaxHeaderBytes = 1000 });

        Assert.DoesNotContain(m.Root.DescendantsAndSelf(), e => e.FileName == "x.exe");
        Assert.Contains(m.Context.Budget.Hits, h => h.Limit == LimitNames.HeaderBytes && h.PartPath == "1");
    }

    [Fact]
    public void TheInnermostReadingSkipsAnEnclosingBoundaryInsideAnOpenInnerMultipart()
    {
        var msg = "Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: multipart/mixed; boundary=i\n\n" +
                  "--i\nContent-Type: application/octet-stream; name=x.bin\nContent-Transfer-Encoding: base64\n\n--o\nAAECAw==\n--i--\n--o--\n";
        using var m = new ParsedMessage(msg);
        Assert.Equal(0, m.Part("1.1").Size);

        var again = m.Root.AddChild("#innermost", EntitySource.Message);
        MimeParser.ParseInnermostInto(new MemoryStream(Encoding.Latin1.GetBytes(msg)), again, m.Context);

        Assert.Equal(new byte[] { 0, 1, 2, 3 }, Encoding.Latin1.GetBytes(m.Text("#innermost.1.1")));
    }

    [Theory]
    [InlineData("Content-Type: text/plain;\n charset=us-ascii\nX-Note: fine\n\nbody\n", "body")]
    [InlineData("Content-Type: text/plain\nContent-Description: a broken\nline of words\n\nbody\n", "body")]
    public void OrdinaryAndBrokenContinuationsStayInTheHeader(string part, string body)
    {
        using var m = new ParsedMessage($"Content-Type: multipart/mixed; boundary=b\n\n--b\n{part}--b--\n");

        Assert.Equal(body, m.Text("1"));
    }
}
