using System.Text;
using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanners;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Tests.Judging;

/// <summary>QMVC's `nullsender` file: trash, early quit and skipping the virus check for mail from &lt;&gt;.</summary>
public sealed class NullSenderTests : IDisposable
{
    private const string BannedMail =
        "From: MAILER-DAEMON\nSubject: Undelivered\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n" +
        "--b\nContent-Type: application/octet-stream; name=\"x.exe\"\nContent-Transfer-Encoding: base64\n\naGVsbG8=\n--b--\n";

    private readonly string _control = Path.Combine(Path.GetTempPath(), "vigil-nullsender-" + Guid.NewGuid().ToString("N"));

    public NullSenderTests() => Directory.CreateDirectory(_control);

    public void Dispose() => Directory.Delete(_control, recursive: true);

    private MessageJudge Scanner(CountingScanner? scanner = null) =>
        new(new MessageAnalyzer(), new PolicyProvider(_control), scanner is null ? [] : [scanner]);

    private static MemoryStream Mail() => new(Encoding.UTF8.GetBytes(BannedMail));

    [Fact]
    public async Task WithoutANullSenderFileNullSenderMailIsCheckedLikeAnyOther()
    {
        using var result = await Scanner().JudgeAsync(Mail(), new Envelope("", []));
        Assert.Equal(VerdictKind.Policy, result.Verdict.Kind);
        Assert.DoesNotContain(result.Verdict.Findings, f => f.Rule.StartsWith("nullsender:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TrashedNullSenderMailIsDroppedAndStillChecked()
    {
        File.WriteAllText(Path.Combine(_control, "nullsender"), "trashnullsendermail=y\n");
        using var result = await Scanner().JudgeAsync(Mail(), new Envelope("<>", []));
        Assert.Contains(result.Verdict.Findings, f => f.Rule == "nullsender:trashnullsendermail" && f.Action == RuleAction.Drop);
        Assert.Contains(result.Verdict.Findings, f => f.Rule == "attachments:.exe");
    }

    [Fact]
    public async Task EarlyQuitDropsNullSenderMailWithoutCheckingIt()
    {
        File.WriteAllText(Path.Combine(_control, "nullsender"), "trashnullsendermail=y\nearlyquitonnullsender=y\n");
        var counting = new CountingScanner();
        using var result = await Scanner(counting).JudgeAsync(Mail(), new Envelope("", []));
        var only = Assert.Single(result.Verdict.Findings);
        Assert.Equal("nullsender:trashnullsendermail", only.Rule);
        Assert.Equal(0, counting.Calls);
    }

    [Fact]
    public async Task SkipVirusCheckSparesTheVirusScannersForNullSenderMailOnly()
    {
        File.WriteAllText(Path.Combine(_control, "nullsender"), "skipviruschecknullsender=y\n");
        var counting = new CountingScanner();
        var scanner = Scanner(counting);
        using (await scanner.JudgeAsync(Mail(), new Envelope("", [])))
        {
        }

        Assert.Equal(0, counting.Calls);
        using (await scanner.JudgeAsync(Mail(), new Envelope("someone@example.org", [])))
        {
        }

        Assert.Equal(1, counting.Calls);
    }

    [Fact]
    public async Task AnUnknownSenderIsNotTheNullSender()
    {
        File.WriteAllText(Path.Combine(_control, "nullsender"), "trashnullsendermail=y\n");
        using var result = await Scanner().JudgeAsync(Mail());
        Assert.DoesNotContain(result.Verdict.Findings, f => f.Rule.StartsWith("nullsender:", StringComparison.Ordinal));
    }

    /// <summary>A stand-in virus scanner that only counts how often it is asked.</summary>
    private sealed class CountingScanner : IContentScanner
    {
        public int Calls { get; private set; }

        public string Name => "counting";

        public Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, CancellationToken cancellation)
        {
            Calls++;
            return Task.FromResult<IReadOnlyList<Finding>>([]);
        }
    }
}
