using System.Text;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Dispositions.Quarantine;

public class QuarantineReleaseTests
{
    private static readonly Verdict Policy = new([new Finding(FindingCategory.Policy, "badfilenames:\\.exe$", "a.exe", "2")]);

    private static readonly byte[] Raw = Encoding.ASCII.GetBytes(
        "From: alice@example.org\r\nTo: bob@example.net\r\nSubject: report\r\n\r\nline one\r\n.\r\n-last line\r\n");

    [Fact]
    public async Task ReleaseHandsTheOriginalMessageWithoutOurHeadersToSendmailForTheOriginalRecipients()
    {
        using var root = new QuarantineRoot();
        var sendmail = new FakeSendmail(root.Path);
        var store = new QuarantineStore(root.Path);
        var envelope = new Envelope("alice@example.org", ["bob@example.net", "-oQ/tmp/evil"]) { ClientIp = "192.0.2.1" };
        var record = await store.StoreAsync(new MemoryStream(Raw), envelope, Policy, "policy", CancellationToken.None);

        var result = await store.ReleaseAsync(record.Id, new SendmailReinjector(sendmail.Program));

        Assert.Equal(ReleaseOutcome.Released, result.Outcome);
        Assert.Equal(["-i", "-f", "alice@example.org", "--", "bob@example.net", "-oQ/tmp/evil"], sendmail.Args);
        Assert.Equal(Raw, await File.ReadAllBytesAsync(sendmail.StdinFile));
        Assert.Empty(root.Files("policy", "new"));
        var released = Assert.Single(root.Files("policy", "cur"));
        Assert.Equal(record.Id + ":2,P", Path.GetFileName(released));
        Assert.True(store.Find(record.Id)!.Released);
        var log = File.ReadAllLines(store.Log.FilePath);
        Assert.Equal(2, log.Length);
        Assert.Equal("released", log[1].Split('\t')[3]);
    }

    [Fact]
    public async Task ReleaseOverSmtpSendsTheOriginalToTheOriginalRecipients()
    {
        using var root = new QuarantineRoot();
        await using var sink = new SmtpSink();
        var store = new QuarantineStore(root.Path);
        var record = await store.StoreAsync(new MemoryStream(Raw), new Envelope("alice@example.org", ["bob@example.net", "carol@example.net"]), Policy, "policy", CancellationToken.None);

        var reinjector = QuarantineOptions.Reinjector($"smtp:127.0.0.1:{sink.Port}", out var error);
        var result = await store.ReleaseAsync(record.Id, reinjector!);

        Assert.Null(error);
        Assert.Equal(ReleaseOutcome.Released, result.Outcome);
        var sent = Assert.Single(sink.Transactions);
        Assert.Contains("alice@example.org", sent.MailFrom, StringComparison.Ordinal);
        Assert.Equal(2, sent.RcptTo.Count);
        Assert.Equal(Encoding.ASCII.GetString(Raw), sent.Data);
    }

    [Theory]
    [InlineData("smtp:")]
    [InlineData("smtp:host:notaport")]
    [InlineData("smtp:host:70000")]
    public void ABadSmtpReleaseAddressIsRefusedWithTheReason(string value)
    {
        Assert.Null(QuarantineOptions.Reinjector(value, out var error));
        Assert.Contains("smtp:host[:port]", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReleasedMessageIsNeverSentTwice()
    {
        using var root = new QuarantineRoot();
        var store = new QuarantineStore(root.Path);
        var record = await store.StoreAsync(new MemoryStream(Raw), new Envelope("a@example.org", ["b@example.net"]), Policy, "policy", CancellationToken.None);
        Assert.Equal(ReleaseOutcome.Released, (await store.ReleaseAsync(record.Id, new SendmailReinjector(new FakeSendmail(root.Path).Program))).Outcome);

        var second = new FakeSendmail(Directory.CreateDirectory(Path.Combine(root.Path, "second")).FullName);
        var again = await store.ReleaseAsync(record.Id, new SendmailReinjector(second.Program));
        Assert.Equal(ReleaseOutcome.AlreadyReleased, again.Outcome);
        Assert.False(second.Ran);
    }

    [Fact]
    public async Task AMessageReadInAMaildirClientCanStillBeReleasedAndKeepsItsFlags()
    {
        using var root = new QuarantineRoot();
        var store = new QuarantineStore(root.Path);
        var record = await store.StoreAsync(new MemoryStream(Raw), new Envelope("a@example.org", ["b@example.net"]), Policy, "policy", CancellationToken.None);
        File.Move(record.Path, Path.Combine(root.Path, "policy", "cur", record.Id + ":2,S"));

        var result = await store.ReleaseAsync(record.Id, new SendmailReinjector(new FakeSendmail(root.Path).Program));
        Assert.Equal(ReleaseOutcome.Released, result.Outcome);
        Assert.Equal(record.Id + ":2,PS", Path.GetFileName(Assert.Single(root.Files("policy", "cur"))));
    }

    [Fact]
    public async Task ARefusedReleaseLeavesTheMessageInQuarantineAndSaysWhy()
    {
        using var root = new QuarantineRoot();
        var sendmail = new FakeSendmail(root.Path, exitCode: 75);
        var store = new QuarantineStore(root.Path);
        var record = await store.StoreAsync(new MemoryStream(Raw), new Envelope("a@example.org", ["b@example.net"]), Policy, "policy", CancellationToken.None);

        var result = await store.ReleaseAsync(record.Id, new SendmailReinjector(sendmail.Program));
        Assert.Equal(ReleaseOutcome.Failed, result.Outcome);
        Assert.Contains("exited 75", result.Detail, StringComparison.Ordinal);
        Assert.Contains("fake sendmail says 75", result.Detail, StringComparison.Ordinal);
        Assert.Equal(record.Path, Assert.Single(root.Files("policy", "new")));
        Assert.Single(File.ReadAllLines(store.Log.FilePath));
    }

    [Fact]
    public async Task AProgramThatExitsZeroWithoutReadingTheMessageHasNotTakenIt()
    {
        using var root = new QuarantineRoot();
        var sendmail = new FakeSendmail(root.Path, exitCode: 0, readStdin: false);
        var store = new QuarantineStore(root.Path);
        var big = new byte[4 * 1024 * 1024];
        Array.Fill(big, (byte)'a');
        var record = await store.StoreAsync(new MemoryStream(big), new Envelope("a@example.org", ["b@example.net"]), Policy, "policy", CancellationToken.None);

        var result = await store.ReleaseAsync(record.Id, new SendmailReinjector(sendmail.Program));
        Assert.Equal(ReleaseOutcome.Failed, result.Outcome);
        Assert.Single(root.Files("policy", "new"));
    }

    [Fact]
    public async Task AMissingProgramIsAFailureNotACrash()
    {
        using var root = new QuarantineRoot();
        var store = new QuarantineStore(root.Path);
        var record = await store.StoreAsync(new MemoryStream(Raw), new Envelope("a@example.org", ["b@example.net"]), Policy, "policy", CancellationToken.None);
        var result = await store.ReleaseAsync(record.Id, new SendmailReinjector(Path.Combine(root.Path, "no-such-sendmail")));
        Assert.Equal(ReleaseOutcome.Failed, result.Outcome);
        Assert.Single(root.Files("policy", "new"));
    }

    [Fact]
    public async Task TheNullSenderIsReleasedAsAnEmptySender()
    {
        using var root = new QuarantineRoot();
        var sendmail = new FakeSendmail(root.Path);
        var store = new QuarantineStore(root.Path);
        var record = await store.StoreAsync(new MemoryStream(Raw), new Envelope("<>", ["b@example.net"]), Policy, "policy", CancellationToken.None);
        Assert.Equal(ReleaseOutcome.Released, (await store.ReleaseAsync(record.Id, new SendmailReinjector(sendmail.Program))).Outcome);
        Assert.Equal(["-i", "-f", "", "--", "b@example.net"], sendmail.Args);
    }

    [Fact]
    public async Task AMessageWithoutRecipientsOrIdIsNotReleased()
    {
        using var root = new QuarantineRoot();
        var sendmail = new FakeSendmail(root.Path);
        var store = new QuarantineStore(root.Path);
        var record = await store.StoreAsync(new MemoryStream(Raw), Envelope.Unknown, Policy, "policy", CancellationToken.None);
        Assert.Equal(ReleaseOutcome.NoRecipients, (await store.ReleaseAsync(record.Id, new SendmailReinjector(sendmail.Program))).Outcome);
        Assert.Equal(ReleaseOutcome.NotFound, (await store.ReleaseAsync("1.2_3_0123456789abcdef.host", new SendmailReinjector(sendmail.Program))).Outcome);
        Assert.False(sendmail.Ran);
    }

    [Fact]
    public void QmailInjectTakesItsRecipientsFromTheArguments()
    {
        var inject = new SendmailReinjector(SendmailReinjector.DefaultQmailInject);
        Assert.Equal(["-a", "-f", "a@example.org", "--", "b@example.net"], inject.ArgumentsFor("a@example.org", ["b@example.net"]));
    }
}
