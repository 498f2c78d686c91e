using Vigil.Engine.Dispositions.Notifications;
using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Tests.Dispositions.Notifications;

public sealed class NotificationTransportTests
{
    [Theory]
    [InlineData(null, "/var/qmail/bin/qmail-inject")]
    [InlineData("qmail-inject", "/var/qmail/bin/qmail-inject")]
    [InlineData("qmail-inject:/opt/qmail/bin/qmail-inject", "/opt/qmail/bin/qmail-inject")]
    [InlineData("sendmail", "/usr/sbin/sendmail")]
    [InlineData("sendmail:/usr/lib/sendmail", "/usr/lib/sendmail")]
    public void ProgramTransportsAreChosenByName(string? value, string program)
    {
        var sender = Assert.IsType<SendmailNotificationSender>(NotificationTransport.Parse(value, out var problem));

        Assert.Null(problem);
        Assert.Equal(program, sender.Program);
    }

    [Theory]
    [InlineData("smtp", "127.0.0.1", 25)]
    [InlineData("smtp:mx.local", "mx.local", 25)]
    [InlineData("smtp:10.0.0.5:2525", "10.0.0.5", 2525)]
    public void SmtpTransportTakesHostAndPort(string value, string host, int port)
    {
        var sender = Assert.IsType<SmtpNotificationSender>(NotificationTransport.Parse(value, out var problem));

        Assert.Null(problem);
        Assert.Equal(host, sender.Host);
        Assert.Equal(port, sender.Port);
    }

    [Theory]
    [InlineData("pigeon")]
    [InlineData("smtp:host:99999")]
    public void UnreadableValueIsReportedAndTheDefaultUsed(string value)
    {
        var sender = Assert.IsType<SendmailNotificationSender>(NotificationTransport.Parse(value, out var problem));

        Assert.NotNull(problem);
        Assert.Equal(NotificationTransport.DefaultQmailInject, sender.Program);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task QmailInjectSendsOurMailStraightToTheRealQmailQueueNotBackThroughVigil()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-inject-test-").FullName;
        try
        {
            // A qmail-inject stand-in that records the QMAILQUEUE it was given.
            var inject = Path.Combine(dir, "qmail-inject");
            var seen = Path.Combine(dir, "seen");
            File.WriteAllText(inject, $"#!/bin/sh\ncat >/dev/null\nprintf '%s' \"$QMAILQUEUE\" > '{seen}'\n");
            File.SetUnixFileMode(inject, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var options = new PolicyOptions(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["notifyvia"] = "qmail-inject:" + inject,
                ["qmailqueue"] = "/opt/qmail/bin/qmail-queue",
            });

            var sender = NotificationTransport.FromOptions(options, new ConfigReport(new ControlLayers([dir])));
            var sent = await sender.SendAsync("", ["admin@example.org"], "Subject: t\n\nx\n"u8.ToArray(), CancellationToken.None);

            Assert.Equal(SendOutcome.Sent, sent.Outcome);
            Assert.Equal("/opt/qmail/bin/qmail-queue", File.ReadAllText(seen));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
