using System.Diagnostics;
using System.Text;
using Vigil.Engine.Dispositions.Actions;
using Vigil.Engine.Dispositions.Execution;
using Vigil.Engine.Dispositions.Notifications;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Engine.Tests.Dispositions.Notifications;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Dispositions.Execution;

public sealed class DispositionExecutorTests
{
    private static MemoryStream Raw(string headers = BlockedMessage.PlainHeaders) =>
        new(Encoding.UTF8.GetBytes(headers + "MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nHello.\r\n"));

    private static Task<DispositionResult> Run(DispositionExecutor executor, Judgement result, Envelope? envelope = null) =>
        executor.ExecuteAsync(result, envelope ?? BlockedMessage.Envelope(), Raw());

    [Fact]
    public async Task CleanMailIsDeliveredWithNothingStoredAndNobodyTold()
    {
        using var rig = new ExecutorRig();
        await using var sink = new SmtpSink();
        using var result = BlockedMessage.Scan(null);

        var r = await Run(rig.Create(transport: ExecutorRig.Smtp(sink.Port)), result);

        Assert.Equal(DispositionOutcome.Deliver, r.Outcome);
        Assert.Null(r.Quarantine);
        Assert.Empty(r.Notifications.Deliveries);
        Assert.Empty(sink.Transactions);
        Assert.False(Directory.Exists(Path.Combine(rig.Root.Path, "viruses")));
    }

    [Fact]
    public async Task AVirusIsQuarantinedIntoVirusesNewBeforeTheDoorAnswers()
    {
        using var rig = new ExecutorRig();
        using var result = BlockedMessage.Virus();

        var r = await Run(rig.Create(), result);

        Assert.Equal(DispositionOutcome.Quarantined, r.Outcome);
        var file = Assert.Single(rig.Root.Files("viruses", "new"));
        Assert.Equal(file, r.Quarantine!.Path);
        Assert.Contains("Subject: Quarterly report", File.ReadAllText(file), StringComparison.Ordinal);
        Assert.Empty(rig.Root.Files("viruses", "tmp"));
    }

    [Fact]
    public async Task APolicyActionOfRejectRefusesAndStoresNothing()
    {
        using var rig = new ExecutorRig();
        using var result = BlockedMessage.Policy();

        var r = await Run(rig.Create("policyaction=reject"), result);

        Assert.Equal(DispositionOutcome.Reject, r.Outcome);
        Assert.Null(r.Quarantine);
        Assert.Empty(rig.Root.Files("policy", "new"));
    }

    [Fact]
    public async Task APolicyActionOfDeferAsksForARetry()
    {
        using var rig = new ExecutorRig();
        using var result = BlockedMessage.Policy();

        var r = await Run(rig.Create("policyaction=defer"), result);

        Assert.Equal(DispositionOutcome.Defer, r.Outcome);
        Assert.Equal(VerdictAction.Defer, r.Plan.Action);
        Assert.Empty(rig.Root.Files("policy", "new"));
    }

    [Fact]
    public async Task ADroppedMessageIsStillKeptInItsFolderAndAnsweredAsDrop()
    {
        using var rig = new ExecutorRig();
        using var result = BlockedMessage.Virus();

        var r = await Run(rig.Create("virusaction=drop"), result);

        Assert.Equal(DispositionOutcome.Drop, r.Outcome);
        Assert.Single(rig.Root.Files("viruses", "new"));
    }

    [Fact]
    public async Task AnErrorVerdictDefersAndTellsNobody()
    {
        using var rig = new ExecutorRig();
        await using var sink = new SmtpSink();
        using var result = BlockedMessage.Scan(FindingCategory.Error, "clamd:unreachable");

        var r = await Run(rig.Create(transport: ExecutorRig.Smtp(sink.Port)), result);

        Assert.Equal(DispositionOutcome.Defer, r.Outcome);
        Assert.Null(r.Quarantine);
        Assert.Empty(sink.Transactions);
    }

    [Fact]
    public async Task AQuarantineThatCannotBeWrittenDefersAndStillLogs()
    {
        using var rig = new ExecutorRig();
        await using var sink = new SmtpSink();
        var notADirectory = Path.Combine(rig.Root.Path, "plain-file");
        await File.WriteAllTextAsync(notADirectory, "x");
        using var result = BlockedMessage.Policy();

        var r = await Run(rig.Create(transport: ExecutorRig.Smtp(sink.Port), quarantineRoot: notADirectory), result);

        Assert.Equal(DispositionOutcome.Defer, r.Outcome);
        Assert.StartsWith("quarantine: ", r.Detail, StringComparison.Ordinal);
        Assert.Single(rig.Log.Lines);
        Assert.Empty(sink.Transactions);
    }

    [Theory]
    [InlineData(null, "clean")]
    [InlineData(FindingCategory.Virus, "virus")]
    [InlineData(FindingCategory.Policy, "policy")]
    [InlineData(FindingCategory.Error, "error")]
    public async Task OneLogLineIsWrittenPerMessageWithItsVerdictAndSender(FindingCategory? category, string word)
    {
        using var rig = new ExecutorRig();
        using var result = BlockedMessage.Scan(category);

        await Run(rig.Create(), result);

        var line = Assert.Single(rig.Log.Lines);
        Assert.Contains(word, line.Split('\t'));
        Assert.Contains("alice@example.org", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlockedMailIsReportedToTheSenderAndTheGuardsAfterItIsQuarantined()
    {
        using var rig = new ExecutorRig();
        await using var sink = new SmtpSink();
        using var result = BlockedMessage.Policy();

        var r = await Run(rig.Create(transport: ExecutorRig.Smtp(sink.Port)), result);

        Assert.Equal(DispositionOutcome.Quarantined, r.Outcome);
        Assert.Single(rig.Root.Files("policy", "new"));
        Assert.Equal(
            ["admin:bm-guard@gateway.example", "sender:alice@example.org"],
            r.Notifications.Sent.Select(d => $"{d.Audience.ToString().ToLowerInvariant()}:{d.Recipient}").Order());
        Assert.True(r.Forward.IsSent);
        Assert.Equal(["badmail-dump@gateway.example"], r.Forward.Recipients);
        Assert.Equal(3, sink.Transactions.Count);
        Assert.All(sink.Transactions, t => Assert.Equal("<>", t.MailFrom));
        Assert.Empty(rig.Errors.ToString());
    }

    [Fact]
    public async Task AVirusIsNotToldToItsSenderAndTheSkipSaysWhy()
    {
        using var rig = new ExecutorRig();
        await using var sink = new SmtpSink();
        using var result = BlockedMessage.Virus();

        var r = await Run(rig.Create(transport: ExecutorRig.Smtp(sink.Port)), result);

        var skipped = Assert.Single(r.Notifications.Skipped);
        Assert.Equal(NotificationAudience.Sender, skipped.Audience);
        Assert.Contains("forged", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal("av-guard@gateway.example", Assert.Single(r.Notifications.Sent).Recipient);
        Assert.Equal(["virus-dump@gateway.example"], r.Forward.Recipients);
    }

    [Fact]
    public async Task ARejectedMessageTellsTheGuardsButLeavesTheSenderToTheRefusal()
    {
        using var rig = new ExecutorRig();
        await using var sink = new SmtpSink();
        using var result = BlockedMessage.Policy();

        var r = await Run(rig.Create("policyaction=reject", ExecutorRig.Smtp(sink.Port)), result);

        Assert.Equal(DispositionOutcome.Reject, r.Outcome);
        Assert.Equal("bm-guard@gateway.example", Assert.Single(r.Notifications.Sent).Recipient);
        Assert.Contains(r.Notifications.Skipped, s => s.Audience == NotificationAudience.Sender && s.Reason.Contains("refusal", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("policyaction=defer")]
    [InlineData("policyaction=deliver")]
    public async Task DeferredOrDeliveredMailIsNotReported(string options)
    {
        using var rig = new ExecutorRig();
        await using var sink = new SmtpSink();
        using var result = BlockedMessage.Policy();

        var r = await Run(rig.Create(options, ExecutorRig.Smtp(sink.Port)), result);

        Assert.Empty(r.Notifications.Deliveries);
        Assert.Null(r.Forward.Result);
        Assert.Empty(sink.Transactions);
    }

    [Fact]
    public async Task ADeadSmtpPeerDoesNotDeferTheMessageAndIsReported()
    {
        using var rig = new ExecutorRig();
        using var result = BlockedMessage.Policy();

        var r = await Run(rig.Create(transport: ExecutorRig.Smtp(ExecutorRig.DeadPort())), result);

        Assert.Equal(DispositionOutcome.Quarantined, r.Outcome);
        Assert.Single(rig.Root.Files("policy", "new"));
        Assert.Equal(2, r.Notifications.Failed.Count());
        Assert.Empty(r.Notifications.Sent);
        Assert.True(r.Forward.IsFailed);
        var errors = rig.Errors.ToString();
        Assert.Contains("vigil queue: notification to alice@example.org (sender) not sent", errors, StringComparison.Ordinal);
        Assert.Contains("vigil queue: copy for bmforward not sent", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATransportThatThrowsDoesNotDeferTheMessage()
    {
        using var rig = new ExecutorRig();
        var transport = new ThrowingSender();
        using var result = BlockedMessage.Policy();

        var r = await Run(rig.Create(transport: transport), result);

        Assert.Equal(DispositionOutcome.Quarantined, r.Outcome);
        Assert.True(transport.Calls > 0);
        Assert.Contains("transport bug", rig.Errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASilentSmtpPeerIsCutOffByTheNotificationDeadline()
    {
        using var rig = new ExecutorRig();
        await using var sink = new SmtpSink { Silent = true };
        using var result = BlockedMessage.Policy();
        var clock = Stopwatch.StartNew();

        var r = await Run(rig.Create(transport: new SmtpNotificationSender("127.0.0.1", sink.Port), timeout: TimeSpan.FromSeconds(1)), result);

        Assert.Equal(DispositionOutcome.Quarantined, r.Outcome);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), clock.Elapsed.ToString());
        Assert.NotEmpty(r.Notifications.Failed);
        Assert.Empty(r.Notifications.Sent);
    }
}
