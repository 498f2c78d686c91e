using System.Text;
using Vigil.Engine.Analysis.SecondParser;
using Vigil.Engine.Judging;
using Vigil.Engine.Tests.Corpus;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Testing;

namespace Vigil.Engine.Tests.SecondParser;

/// <summary>
/// `second-parser=on`: MimeKit reads the message again; where the two readings disagree about a
/// file's content or name the mail is a format case and what only MimeKit sees is judged too.
/// Real mail from ../shared/corpora: the hide-filename tricks MimeKit reads differently, and ham
/// on which the two must agree.
/// </summary>
public sealed class SecondParserCheckTests
{
    private static readonly AnalysisLimits On = AnalysisLimits.Default with { SecondParser = true };

    private readonly MessageJudge _on = CorpusScanner.Create(limits: On);

    [Fact]
    public async Task IsOffByDefault()
    {
        using var result = await CorpusScanner.Create().ScanFileAsync(HideFilename("1652610582.1Gjj:2,"));

        Assert.Null(result.Analysis!.SecondView);
        Assert.DoesNotContain(result.Analysis.Anomalies, a => a.Code == AnomalyCodes.ParserDisagreement);
    }

    /// <summary>
    /// An RFC 2231 name whose charset part is broken: MimeKit reads "''file.zip", Vigil other
    /// readings. The name only MimeKit has is added to the tree, so the name checks see it too.
    /// </summary>
    [Fact]
    public async Task ANameOnlyMimeKitReadsIsADisagreementAndIsChecked()
    {
        using var result = await _on.ScanFileAsync(HideFilename("1652610582.1Gjj:2,"));

        var view = result.Analysis!.SecondView!;
        Assert.True(view.Disagrees);
        var part = Assert.Single(view.Parts, p => p.FileName == "''file.zip");
        Assert.True(part.NameOnlyHere);
        Assert.Equal(SecondParserCheck.PathPrefix + "/2", part.AddedAs);
        var added = Assert.Single(result.Analysis.Entities, e => e.Path == part.AddedAs);
        Assert.Contains(added.Names, n => n.Source == NameSource.SecondParser && n.Raw == "''file.zip");
        Assert.Contains(result.Verdict.Findings, f => f.Category == FindingCategory.Format && f.Rule == "format:" + AnomalyCodes.ParserDisagreement && f.PartPath == part.AddedAs);
    }

    /// <summary>Vigil's own hidden-payload readings (a guessed boundary) count as Vigil seeing the content.</summary>
    [Fact]
    public async Task ContentVigilFoundThroughAnAlternativeReadingIsNoDisagreement()
    {
        using var result = await _on.ScanFileAsync(TestPaths.Corpus("mime-is-broken", "hide-content-sample", "1652908061.633i"));

        var view = result.Analysis!.SecondView!;
        Assert.Null(view.Stopped);
        Assert.DoesNotContain(view.Parts, p => p.ContentOnlyHere);
    }

    public static TheoryData<string> Ham()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(TestPaths.Corpus("spamassassin", "nice"), "*", SearchOption.AllDirectories).Prepend(TestPaths.Corpus("spamassassin", "nice")))
        {
            foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(TestPaths.Corpus("spamassassin", "nice"), file));
            }
        }

        return data;
    }

    /// <summary>Real ham, broken base64 tails and multipart/report header parts included: the two agree.</summary>
    [Theory]
    [MemberData(nameof(Ham))]
    public async Task TheTwoParsersAgreeOnHam(string file)
    {
        using var result = await _on.ScanFileAsync(Path.Combine(TestPaths.Corpus("spamassassin", "nice"), file));

        Assert.NotNull(result.Analysis!.SecondView);
        Assert.DoesNotContain(result.Analysis.Anomalies, a => a.Code == AnomalyCodes.ParserDisagreement);
    }

    /// <summary>MimeKit is held to Vigil's limits: past maxparts it stops, which is said and decides nothing.</summary>
    [Fact]
    public async Task StopsAtTheLimitsAndSaysSo()
    {
        var sb = new StringBuilder("Content-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (var i = 0; i < 20; i++)
        {
            sb.Append("--b\r\nContent-Type: application/octet-stream; name=f").Append(i).Append(".bin\r\n\r\nx").Append(i).Append("\r\n");
        }

        sb.Append("--b--\r\n");
        var judge = CorpusScanner.Create(limits: On with { MaxParts = 15 });
        using var result = await judge.ScanBytesAsync(Encoding.ASCII.GetBytes(sb.ToString()));

        var view = result.Analysis!.SecondView!;
        Assert.NotNull(view.Stopped);
        Assert.Contains(result.Analysis.Anomalies, a => a.Code == AnomalyCodes.SecondParserStopped);
        Assert.Empty(view.OnlyVigil);
    }

    /// <summary>
    /// Hostile shapes MimeKit would otherwise build a whole tree of: it reads them as callbacks
    /// that only count, stops at the first of Vigil's limits (entities counted, not time), compares
    /// nothing, and the verdict is the one Vigil gives with the second parser off.
    /// </summary>
    [Theory]
    [MemberData(nameof(HostileShapes))]
    public async Task MimeKitsReadingStopsAtTheFirstLimitAndTheVerdictIsTheSameAsWithItOff(string shape, string reason, int maxEntities)
    {
        var bytes = Encoding.ASCII.GetBytes(Hostile(shape));
        using var off = await CorpusScanner.Create().ScanBytesAsync(bytes);
        using var on = await _on.ScanBytesAsync(bytes);

        var view = on.Analysis!.SecondView!;
        Assert.Contains(reason, view.Stopped, StringComparison.Ordinal);
        Assert.InRange(view.EntitiesRead, 0, maxEntities);
        Assert.Empty(view.Parts);
        Assert.Empty(view.OnlyVigil);
        Assert.DoesNotContain(on.Analysis.Anomalies, a => a.Code == AnomalyCodes.ParserDisagreement);
        Assert.Equal(off.Verdict.Kind, on.Verdict.Kind);
        Assert.Equal(
            off.Verdict.Findings.Select(f => f.Rule).Order(StringComparer.Ordinal),
            on.Verdict.Findings.Select(f => f.Rule).Where(r => !r.Contains("second-parser", StringComparison.Ordinal)).Order(StringComparer.Ordinal));

        var printed = new StringWriter();
        SecondViewPrinter.Print(printed, view);
        Assert.Contains("not compared", printed.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, int> HostileShapes() => new()
    {
        { "parts", "more than 10000 parts", AnalysisLimits.Default.MaxParts + 1 },
        { "depth", "nesting deeper than 64", AnalysisLimits.Default.MaxMimeDepth + 2 },
        { "fields", "header block longer than", 2 },
        { "folded", "header block longer than", 2 },
    };

    private static string Hostile(string shape)
    {
        var sb = new StringBuilder("From: a@example.com\r\nSubject: x\r\n");
        switch (shape)
        {
            case "parts":
                // 30,000 parts in 1 MB.
                sb.Append("Content-Type: multipart/mixed; boundary=b\r\n\r\n");
                for (var i = 0; i < 30_000; i++)
                {
                    sb.Append("--b\r\n\r\nx\r\n");
                }

                sb.Append("--b--\r\n");
                break;
            case "depth":
                for (var i = 0; i < 500; i++)
                {
                    sb.Append("Content-Type: multipart/mixed; boundary=d").Append(i).Append("\r\n\r\n--d").Append(i).Append("\r\n");
                }

                sb.Append("Content-Type: text/plain\r\n\r\ninnermost\r\n");
                break;
            case "fields":
                // 2 MB of header fields in one part.
                sb.Append("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n");
                for (var i = 0; i < 40_000; i++)
                {
                    sb.Append("X-Filler-").Append(i).Append(": ").Append('v', 40).Append("\r\n");
                }

                sb.Append("\r\nbody\r\n--b--\r\n");
                break;
            default:
                // One field folded over 3 MB: MimeKit would hold all of it before a callback.
                sb.Append("X-Folded: start\r\n");
                for (var i = 0; i < 60_000; i++)
                {
                    sb.Append(' ').Append('f', 50).Append("\r\n");
                }

                sb.Append("\r\nbody\r\n");
                break;
        }

        return sb.ToString();
    }

    [Fact]
    public async Task AStreamThatCannotSeekIsSpooledForTheSecondReading()
    {
        var bytes = await File.ReadAllBytesAsync(HideFilename("1652610582.1Gjj:2,"));
        using var result = await _on.JudgeAsync(new ForwardOnlyStream(bytes));

        Assert.True(result.Analysis!.SecondView!.Disagrees);
    }

    [Theory]
    [InlineData("second-parser=on", true)]
    [InlineData("second-parser=off", false)]
    public void TheOptionsFileSwitchesIt(string line, bool expected)
    {
        using var control = new Tests.Policy.TempControlDirectory().Write("options", line + "\n");
        var provider = new Vigil.Engine.Policy.PolicyProvider(control.Path);

        Assert.Equal(expected, provider.Current.Options.Limits.ApplyTo(AnalysisLimits.Default).SecondParser);
        Assert.False(provider.CheckConfiguration().HasErrors);
    }

    [Fact]
    public void AnythingButOnOrOffIsAnError()
    {
        using var control = new Tests.Policy.TempControlDirectory().Write("options", "second-parser=maybe\n");

        var report = new Vigil.Engine.Policy.PolicyProvider(control.Path).CheckConfiguration();
        Assert.Contains(report.Errors, e => e.ToString()!.Contains("second-parser", StringComparison.Ordinal));
    }

    private static string HideFilename(string file) => TestPaths.Corpus("mime-is-broken", "hide-filename", file);

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }
}
