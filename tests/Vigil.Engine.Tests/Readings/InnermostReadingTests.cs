using System.Text;
using Vigil.Engine.Analysis;
using Vigil.Mime.Limits;

namespace Vigil.Engine.Tests.Readings;

/// <summary>
/// The second reading of a message with only the innermost open boundary honoured: made when an
/// outer delimiter ended a nested multipart, not when a message merely stops before its close
/// delimiters (truncated mail is common and gains nothing from it), and a limit that second
/// reading runs into ends it without judging the mail.
/// </summary>
public class InnermostReadingTests
{
    private const string ClosedByOuter =
        "Content-Type: multipart/mixed; boundary=outer\n\n" +
        "--outer\nContent-Type: multipart/alternative; boundary=inner\n\n" +
        "--inner\nContent-Type: text/plain\n\nhello\n" +
        "--outer\nContent-Type: text/plain\n\nsecond\n--outer--\n";

    private const string Truncated =
        "Content-Type: multipart/mixed; boundary=outer\n\n" +
        "--outer\nContent-Type: multipart/alternative; boundary=inner\n\n" +
        "--inner\nContent-Type: text/plain\n\nhello\n";

    [Fact]
    public void AnInnerMultipartEndedByAnOuterDelimiterIsReadAgainInnermostOnly()
    {
        using var analysis = Analyze(ClosedByOuter, AnalysisLimits.Default);
        Assert.Contains(analysis.Entities, e => e.Path == MessageAnalyzer.InnermostPath);
    }

    [Fact]
    public void AMessageThatStopsBeforeItsCloseDelimitersIsNotReadAgain()
    {
        using var analysis = Analyze(Truncated, AnalysisLimits.Default);
        Assert.DoesNotContain(analysis.Entities, e => e.Path.StartsWith(MessageAnalyzer.InnermostPath, StringComparison.Ordinal));
    }

    [Fact]
    public void ALimitTheSecondReadingReachesIsNotALimitOfTheMessage()
    {
        // Room for the first reading's parts, not for the second's as well.
        using var first = Analyze(ClosedByOuter, AnalysisLimits.Default);
        var parts = first.Entities.Count(e => !e.Path.StartsWith(MessageAnalyzer.InnermostPath, StringComparison.Ordinal));
        using var analysis = Analyze(ClosedByOuter, AnalysisLimits.Default with { MaxParts = parts });

        Assert.Contains(analysis.Entities, e => e.Path == MessageAnalyzer.InnermostPath);
        Assert.Empty(analysis.LimitHits);
    }

    private static MessageAnalysis Analyze(string text, AnalysisLimits limits) =>
        new MessageAnalyzer(limits).Analyze(new MemoryStream(Encoding.ASCII.GetBytes(text)));
}
