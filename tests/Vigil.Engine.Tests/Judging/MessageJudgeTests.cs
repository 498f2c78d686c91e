using System.Text;
using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;

namespace Vigil.Engine.Tests.Judging;

public sealed class MessageJudgeTests : IDisposable
{
    private readonly string _control = Path.Combine(Path.GetTempPath(), "vigil-scanner-" + Guid.NewGuid().ToString("N"));

    public MessageJudgeTests() => Directory.CreateDirectory(_control);

    public void Dispose() => Directory.Delete(_control, recursive: true);

    private static MemoryStream Mail(string text) => new(Encoding.UTF8.GetBytes(text));

    private static string ManyParts(int n)
    {
        var sb = new StringBuilder("Content-Type: multipart/mixed; boundary=b\n\n");
        for (var i = 0; i < n; i++)
        {
            sb.Append("--b\n\npart\n");
        }

        return sb.Append("--b--\n").ToString();
    }

    [Fact]
    public async Task LimitsSetInOptionsApplyToTheAnalysis()
    {
        File.WriteAllText(Path.Combine(_control, "options"), "maxparts=3\n");
        var scanner = new MessageJudge(new MessageAnalyzer(), new PolicyProvider(_control));
        using var result = await scanner.JudgeAsync(Mail(ManyParts(10)));
        Assert.Equal(VerdictKind.Limits, result.Verdict.Kind);
        Assert.Contains(result.Verdict.Findings, f => f.Rule == "limits:" + LimitNames.Parts);
    }

    [Fact]
    public async Task WithoutLimitOptionsTheAnalyzersOwnLimitsHold()
    {
        var scanner = new MessageJudge(new MessageAnalyzer(AnalysisLimits.Default with { MaxParts = 4 }), new PolicyProvider(_control));
        using var result = await scanner.JudgeAsync(Mail(ManyParts(10)));
        Assert.Equal(VerdictKind.Limits, result.Verdict.Kind);
    }

    [Fact]
    public void ABadLimitValueIsAConfigurationErrorWithItsLine()
    {
        File.WriteAllText(Path.Combine(_control, "options"), "# limits\nmaxmimedepth=deep\n");
        var report = new PolicyProvider(_control).CheckConfiguration();
        Assert.Contains(report.Errors, e => e.Line == 2 && e.Message.Contains("maxmimedepth", StringComparison.Ordinal));
    }

    [Fact]
    public void ABadActionInOptionsIsAConfigurationErrorWithItsLine()
    {
        File.WriteAllText(Path.Combine(_control, "options"), "virusaction=quarantine\npolicyaction=bounce\n");
        var report = new PolicyProvider(_control).CheckConfiguration();
        Assert.Contains(report.Errors, e => e.Line == 2 && e.Message.StartsWith("policyaction", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnInternalFaultIsAnErrorVerdictNeverClean()
    {
        var scanner = new MessageJudge(new MessageAnalyzer(expanders: [new ThrowingExpander()]), new PolicyProvider((string?)null));
        using var result = await scanner.JudgeAsync(Mail("Subject: x\n\nbody\n"));
        Assert.Equal(VerdictKind.Error, result.Verdict.Kind);
        Assert.Equal("internal-error", result.Verdict.Worst!.Rule);
    }

    [Fact]
    public void AKnownVirusOutranksAPolicyFinding()
    {
        var verdict = new Verdict([new Finding(FindingCategory.Policy, "attachments:.pif", "x.pif", "2"), new Finding(FindingCategory.Virus, "Eicar", "x.pif", "2")]);
        Assert.Equal(VerdictKind.Virus, verdict.Kind);
    }

    [Fact]
    public void MonitorFindingsAreLoggedButDoNotMakeAMessageUnclean()
    {
        var verdict = new Verdict([new Finding(FindingCategory.Policy, "badfilenames:\\.docx$", "a.docx", "2", RuleAction.Monitor)]);
        Assert.True(verdict.IsClean);
        Assert.Single(verdict.Findings);
    }

    private sealed class ThrowingExpander : IEntityExpander
    {
        public bool CanExpand(Entity entity) => true;

        public void Expand(Entity entity, AnalysisContext context) => throw new InvalidOperationException("boom");
    }
}
