using Vigil.Engine.Dispositions.Notifications;

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
}
