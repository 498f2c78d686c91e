using System.Text;
using Vigil.Engine.Analysis;
using Vigil.Engine.Dispositions.Archive;
using Vigil.Engine.Dispositions.Execution;
using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Scanners.Spamd;
using Vigil.Engine.Judging;
using Vigil.Engine.Tests.Policy;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Tests.Dispositions.Archive;

/// <summary>Archiving as the disposition executor carries it out, with real files in a temp Maildir.</summary>
public sealed class MessageArchiverTests
{
    private const string Plain = "From: a@example.org\r\nTo: sales@example.com\r\nSubject: offer\r\n\r\nbody\r\nlast";

    private static readonly Envelope ToSales = new("a@example.org", ["bob@example.net", "sales@example.com"]) { ClientIp = "192.0.2.7", Door = "queue" };

    private static readonly Envelope ToBob = new("a@example.org", ["bob@example.net"]) { Door = "queue" };

    [Fact]
    public async Task PassedMailWhoseRecipientMatchesTheRegexIsCopiedIntoNewAndDelivered()
    {
        using var dirs = new ArchiveDirs();
        var executor = Executor(dirs, @"archive=(support|sales)@example\.com");

        var outcome = await ExecuteAsync(executor, Clean(), ToSales, Plain);

        Assert.Equal(DispositionOutcome.Deliver, outcome.Outcome);
        var file = Assert.Single(dirs.Files("new"));
        Assert.Equal(outcome.Archive!.File.Path, file);
        Assert.Equal(ArchiveReason.Envelope, outcome.Archive.Reason);
        Assert.Empty(dirs.Files("tmp"));
        var stored = await File.ReadAllBytesAsync(file);
        var text = Encoding.UTF8.GetString(stored);
        Assert.StartsWith($"X-Vigil-Archive-Id: {outcome.Archive.File.Id}\r\nX-Vigil-Archive-Reason: envelope\r\nX-Vigil-Envelope-From: a@example.org\r\nX-Vigil-Envelope-To: bob@example.net\r\nX-Vigil-Envelope-To: sales@example.com\r\nX-Vigil-Client-IP: 192.0.2.7\r\nX-Vigil-Verdict: clean\r\nX-Vigil-Date: ", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n" + Plain, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSenderIsMatchedToo()
    {
        using var dirs = new ArchiveDirs();

        await ExecuteAsync(Executor(dirs, "archive=^A@EXAMPLE\\.ORG$"), Clean(), ToBob, Plain);

        Assert.Single(dirs.Files("new"));
    }

    [Fact]
    public async Task MailTheRegexDoesNotSelectIsNotArchived()
    {
        using var dirs = new ArchiveDirs();

        var outcome = await ExecuteAsync(Executor(dirs, @"archive=(support|sales)@example\.com"), Clean(), ToBob, Plain);

        Assert.Equal(DispositionOutcome.Deliver, outcome.Outcome);
        Assert.Null(outcome.Archive);
        Assert.False(Directory.Exists(dirs.Archive));
    }

    [Theory]
    [InlineData("archive=yes", true)]
    [InlineData("archive=y", true)]
    [InlineData("archive=no", false)]
    [InlineData("", false)]
    public async Task ArchiveYesTakesEveryPassedMessageAndNoNone(string option, bool archived)
    {
        using var dirs = new ArchiveDirs();

        await ExecuteAsync(Executor(dirs, option), Clean(), ToBob, Plain);

        Assert.Equal(archived ? 1 : 0, dirs.Files("new").Length);
    }

    [Fact]
    public async Task BlockedMailIsArchivedOnlyWithArchiveBlocked()
    {
        using var dirs = new ArchiveDirs();
        var virus = new Judgement(null, new Verdict([new Finding(FindingCategory.Virus, "Eicar-Test-Signature", "eicar.com", "2")]), TimeSpan.Zero);

        var without = await ExecuteAsync(Executor(dirs, "archive=yes"), virus, ToBob, Plain);
        Assert.Equal(DispositionOutcome.Quarantined, without.Outcome);
        Assert.Empty(dirs.Files("new"));

        var with = await ExecuteAsync(Executor(dirs, "archive=yes\narchiveblocked=yes"), virus, ToBob, Plain);
        Assert.Equal(DispositionOutcome.Quarantined, with.Outcome);
        Assert.Equal(ArchiveReason.Blocked, with.Archive!.Reason);
        Assert.Single(dirs.Files("new"));
    }

    [Fact]
    public async Task DeferredMailIsNeverArchived()
    {
        using var dirs = new ArchiveDirs();
        var error = new Judgement(null, new Verdict([new Finding(FindingCategory.Error, "clamd:unreachable", "down", "")]), TimeSpan.Zero);

        var outcome = await ExecuteAsync(Executor(dirs, "archive=yes\narchiveblocked=yes"), error, ToBob, Plain);

        Assert.Equal(DispositionOutcome.Defer, outcome.Outcome);
        Assert.Empty(dirs.Files("new"));
    }

    [Fact]
    public async Task PassedMailThatCannotBeArchivedIsDeferredByDefault()
    {
        using var dirs = new ArchiveDirs();
        File.WriteAllText(dirs.Archive, "a file where the archive Maildir should be");

        var outcome = await ExecuteAsync(Executor(dirs, "archive=yes"), Clean(), ToBob, Plain);

        Assert.Equal(DispositionOutcome.Defer, outcome.Outcome);
        Assert.StartsWith("archive ", outcome.Detail, StringComparison.Ordinal);
        Assert.Null(outcome.Archive);
    }

    [Fact]
    public async Task ArchiveFailureDeliverHandsTheMessageOnWithAWarning()
    {
        using var dirs = new ArchiveDirs();
        File.WriteAllText(dirs.Archive, "not a directory");

        var outcome = await ExecuteAsync(Executor(dirs, "archive=yes\narchivefailure=deliver\nstatusheader=yes"), Clean(), ToBob, Plain);

        Assert.Equal(DispositionOutcome.Deliver, outcome.Outcome);
        Assert.StartsWith("archive ", outcome.Detail, StringComparison.Ordinal);
        Assert.NotEmpty(outcome.AddedHeaders);
    }

    [Fact]
    public async Task AQuarantinedMessageWhoseCopyFailsStaysQuarantinedAndIsNotDeferred()
    {
        using var dirs = new ArchiveDirs();
        File.WriteAllText(dirs.Archive, "not a directory");
        var virus = new Judgement(null, new Verdict([new Finding(FindingCategory.Virus, "Eicar-Test-Signature", "eicar.com", "2")]), TimeSpan.Zero);

        var outcome = await ExecuteAsync(Executor(dirs, "archive=yes\narchiveblocked=yes"), virus, ToBob, Plain);

        Assert.Equal(DispositionOutcome.Quarantined, outcome.Outcome);
        Assert.NotNull(outcome.Quarantine);
    }

    [Fact]
    public async Task AnInvalidRegexDefersPassedMailAndIsReportedByValidate()
    {
        using var dirs = new ArchiveDirs();
        var executor = Executor(dirs, "archive=(sales@");

        var outcome = await ExecuteAsync(executor, Clean(), ToBob, Plain);

        Assert.Equal(DispositionOutcome.Defer, outcome.Outcome);
        Assert.Contains("invalid regex", outcome.Detail, StringComparison.Ordinal);
        Assert.Single(ArchiveOptions.Validate(Options(dirs, "archive=(sales@")));
        Assert.Single(ArchiveOptions.Validate(Options(dirs, "archivefailure=maybe")));
        Assert.Empty(ArchiveOptions.Validate(Options(dirs, "archive=sales@\narchivefailure=deliver")));
    }

    [Fact]
    public async Task AMonitorRuleArchivesTheMessageAndDeliversItWhateverArchiveSays()
    {
        using var dirs = new ArchiveDirs();
        using var control = new TempControlDirectory().Write("badbodytexts", "CONFIDENTIAL => monitor\n").Write("filters", "body=yes\n");
        const string leak = "From: a@example.org\nSubject: numbers\n\nCONFIDENTIAL: q3 figures\n";
        using var result = await new MessageJudge(new MessageAnalyzer(), new PolicyProvider(control.Path))
            .JudgeAsync(new MemoryStream(Encoding.ASCII.GetBytes(leak)), ToBob);
        Assert.NotEmpty(result.Verdict.Findings);
        Assert.True(result.Verdict.IsClean);

        var outcome = await ExecuteAsync(Executor(dirs, "archive=no"), result, ToBob, leak);

        Assert.Equal(DispositionOutcome.Deliver, outcome.Outcome);
        Assert.Equal(ArchiveReason.Monitor, outcome.Archive!.Reason);
        var text = await File.ReadAllTextAsync(Assert.Single(dirs.Files("new")));
        Assert.Contains("X-Vigil-Archive-Reason: monitor\n", text, StringComparison.Ordinal);
        Assert.Contains("X-Vigil-Finding: policy; rule=badbodytexts:CONFIDENTIAL;", text, StringComparison.Ordinal);
        Assert.Contains("action=monitor\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\n" + leak, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASpamTagOrAnOptionalScannerOutageIsNotADlpHit()
    {
        using var dirs = new ArchiveDirs();
        var tagged = SpamBands.FindingFor("spamd", SpamBand.Tag, new SpamScore(9, 5, ["GTUBE"], true))!;
        var outage = new Finding(FindingCategory.Error, "spamd:unreachable", "down", "", RuleAction.Monitor);
        var result = new Judgement(null, new Verdict([tagged, outage]), TimeSpan.Zero);

        var outcome = await ExecuteAsync(Executor(dirs, ""), result, ToBob, Plain);

        Assert.Equal(DispositionOutcome.Deliver, outcome.Outcome);
        Assert.False(Directory.Exists(dirs.Archive));
    }

    [Fact]
    public async Task AMonitorHitThatCannotBeArchivedDefers()
    {
        using var dirs = new ArchiveDirs();
        File.WriteAllText(dirs.Archive, "not a directory");
        var hit = new Judgement(null, new Verdict([new Finding(FindingCategory.Policy, "badfilenames:\\.zip$", "a.zip", "2", RuleAction.Monitor)]), TimeSpan.Zero);

        var outcome = await ExecuteAsync(Executor(dirs, ""), hit, ToBob, Plain);

        Assert.Equal(DispositionOutcome.Defer, outcome.Outcome);
    }

    [Fact]
    public async Task ArchivedFilesArePrivate()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dirs = new ArchiveDirs();
        await ExecuteAsync(Executor(dirs, "archive=yes"), Clean(), ToBob, Plain);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Assert.Single(dirs.Files("new"))));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dirs.Archive));
    }

    private static Judgement Clean() => new(null, new Verdict([]), TimeSpan.Zero);

    private static PolicyOptions Options(ArchiveDirs dirs, string lines)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["archivedir"] = dirs.Archive,
            ["quarantine"] = dirs.Quarantine,
        };
        foreach (var line in lines.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            values[line[..eq]] = line[(eq + 1)..];
        }

        return new PolicyOptions(values);
    }

    private static DispositionExecutor Executor(ArchiveDirs dirs, string lines) => new(Options(dirs, lines));

    private static Task<DispositionResult> ExecuteAsync(DispositionExecutor executor, Judgement result, Envelope envelope, string raw) =>
        executor.ExecuteAsync(result, envelope, new MemoryStream(Encoding.UTF8.GetBytes(raw)));
}
