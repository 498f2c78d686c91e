using System.Text;
using Vigil.Mime.Headers;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Mime.Parsing;

namespace Vigil.Mime.Tests.Limits;

/// <summary>
/// MaxHeaderParameters: the MIME fields of one header block are read up to that many parameter
/// pieces together, the rest is a `header-parameters` limit (so a `limits` finding), whether the
/// flood is one long field or one field repeated.
/// </summary>
public sealed class HeaderParameterLimitTests
{
    [Fact]
    public void TheParserStopsAfterItsPiecesAndSaysSo()
    {
        var parsed = HeaderValueParser.Parse("attachment; a=1; b=2; c=3; d=4", maxPieces: 2);

        Assert.Equal("attachment", parsed.Token);
        Assert.Equal(["a", "b"], parsed.Parameters.Select(p => p.BaseName));
        Assert.True(parsed.Truncated);
        Assert.False(HeaderValueParser.Parse("attachment; a=1; b=2", maxPieces: 2).Truncated);
    }

    [Fact]
    public void OneLongFieldHitsTheLimitAndKeepsTheNamesBeforeIt()
    {
        using var context = new AnalysisContext(AnalysisLimits.Default);
        var root = Parse("Content-Disposition: attachment; filename=first.exe" + string.Concat(Enumerable.Repeat(";x*0=\"a\"", 5000)) + "\r\n", context);

        Assert.Contains(context.Budget.Hits, h => h.Limit == LimitNames.HeaderParameters);
        Assert.Contains(root.Names, n => n.Normalized == "first.exe");
    }

    [Fact]
    public void ARepeatedFieldSharesOneAllowance()
    {
        var line = "Content-Type: application/octet-stream" + string.Concat(Enumerable.Repeat("; x=y", 100)) + "\r\n";
        using var context = new AnalysisContext(AnalysisLimits.Default);
        Parse(string.Concat(Enumerable.Repeat(line, 11)), context);

        Assert.Contains(context.Budget.Hits, h => h.Limit == LimitNames.HeaderParameters);
    }

    [Fact]
    public void AnOrdinaryLongRfc2231NameIsNotALimit()
    {
        var sections = string.Concat(Enumerable.Range(0, 60).Select(i => $";\r\n filename*{i}=\"part{i}\""));
        using var context = new AnalysisContext(AnalysisLimits.Default);
        var root = Parse("Content-Disposition: attachment" + sections + "\r\n", context);

        Assert.DoesNotContain(context.Budget.Hits, h => h.Limit == LimitNames.HeaderParameters);
        Assert.Contains(root.Names, n => n.Normalized.StartsWith("part0part1", StringComparison.Ordinal));
    }

    private static Entity Parse(string mimeFields, AnalysisContext context)
    {
        var text = "From: a@example.com\r\nSubject: p\r\nMIME-Version: 1.0\r\n" + mimeFields + "\r\nbody\r\n";
        return MimeParser.Parse(new MemoryStream(Encoding.ASCII.GetBytes(text)), context);
    }
}
