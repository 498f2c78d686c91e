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
