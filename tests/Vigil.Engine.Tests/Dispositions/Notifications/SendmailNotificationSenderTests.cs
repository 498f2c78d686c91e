using System.Text;
using Vigil.Engine.Dispositions.Notifications;

namespace Vigil.Engine.Tests.Dispositions.Notifications;

/// <summary>Runs a stand-in for sendmail / qmail-inject: a shell script recording its arguments and stdin.</summary>
public sealed class SendmailNotificationSenderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-sendmail-test-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task SendmailGetsTheNullSenderAndTheRecipientAsSeparateArgumentsAndTheMessageOnStdin()
    {
        var program = StandIn("sendmail", exitCode: 0);
        using var result = BlockedMessage.Policy();
        var notification = Assert.Single(NotificationPlanner.Plan(result, BlockedMessage.Envelope(), new NotificationSettings { RespMail = "pm@gateway.example" }));

        var sent = await new SendmailNotificationSender(program).SendAsync(notification, CancellationToken.None);

        Assert.True(sent.IsSent, sent.Detail);
        Assert.Equal(["-i", "-f", "<>", "--", "alice@example.org"], Arguments());
        Assert.Equal(notification.Message.ToArray(), File.ReadAllBytes(Path.Combine(_dir, "stdin")));
    }

    [Fact]
    public async Task QmailInjectGetsAnEmptySenderAndTakesTheRecipientFromTheArguments()
    {
        var program = StandIn("qmail-inject", exitCode: 0);
        var notification = new Notification(NotificationAudience.Admin, NotificationKind.Virus, "av@gateway.example", "en", "s", "Subject: s\r\n\r\nbody\r\n"u8.ToArray());

        var sent = await new SendmailNotificationSender(program).SendAsync(notification, CancellationToken.None);

        Assert.True(sent.IsSent, sent.Detail);
        Assert.Equal(["-f", "", "-a", "av@gateway.example"], Arguments());
        Assert.Equal("Subject: s\r\n\r\nbody\r\n", File.ReadAllText(Path.Combine(_dir, "stdin")));
    }

    [Theory]
    [InlineData(111, SendOutcome.TemporaryFailure)]
    [InlineData(75, SendOutcome.TemporaryFailure)]
    [InlineData(100, SendOutcome.PermanentFailure)]
    public async Task ExitCodesBecomeResults(int exitCode, SendOutcome outcome)
    {
        var program = StandIn("qmail-inject", exitCode);
        var notification = new Notification(NotificationAudience.Sender, NotificationKind.Policy, "bob@example.com", "en", "s", "x\r\n"u8.ToArray());

        var sent = await new SendmailNotificationSender(program).SendAsync(notification, CancellationToken.None);

        Assert.Equal(outcome, sent.Outcome);
        Assert.Contains($"exited {exitCode}", sent.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingProgramIsAPermanentFailure()
    {
        var notification = new Notification(NotificationAudience.Sender, NotificationKind.Policy, "bob@example.com", "en", "s", "x\r\n"u8.ToArray());

        var sent = await new SendmailNotificationSender(Path.Combine(_dir, "no-such-sendmail")).SendAsync(notification, CancellationToken.None);

        Assert.Equal(SendOutcome.PermanentFailure, sent.Outcome);
    }

    [Fact]
    public async Task AnAddressThatLooksLikeAnOptionNeverReachesTheProgram()
    {
        var program = StandIn("sendmail", exitCode: 0);
        var notification = new Notification(NotificationAudience.Sender, NotificationKind.Policy, "-oQ/tmp/x@example.com", "en", "s", "x\r\n"u8.ToArray());

        var sent = await new SendmailNotificationSender(program).SendAsync(notification, CancellationToken.None);

        Assert.Equal(SendOutcome.PermanentFailure, sent.Outcome);
        Assert.False(File.Exists(Path.Combine(_dir, "argv")));
    }

    private string StandIn(string name, int exitCode)
    {
        var path = Path.Combine(_dir, name);
        var script = "#!/bin/sh\n" +
                     $"for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done > '{_dir}/argv'\n" +
                     $"cat > '{_dir}/stdin'\n" +
                     "echo 'stand-in says hello' >&2\n" +
                     $"exit {exitCode}\n";
        File.WriteAllText(path, script, new UTF8Encoding(false));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    private List<string> Arguments() =>
        File.ReadAllLines(Path.Combine(_dir, "argv")).Select(l => l[1..^1]).ToList();
}
