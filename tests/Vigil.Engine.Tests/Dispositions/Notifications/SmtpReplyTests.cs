using Vigil.Engine.Dispositions.Notifications;
using Vigil.Engine.Smtp;

namespace Vigil.Engine.Tests.Dispositions.Notifications;

/// <summary>The notifications' view of a reply read: the server's text made safe for the log, and a server that does not speak SMTP a temporary failure (the notification is tried again), never a permanent one.</summary>
public sealed class SmtpReplyTests
{
    [Theory]
    [InlineData(SmtpReplyFault.Closed, "connection closed by the server")]
    [InlineData(SmtpReplyFault.LineTooLong, "a reply line longer than 2048 bytes")]
    [InlineData(SmtpReplyFault.TooManyLines, "reply longer than 100 lines")]
    public void AReplyThatCouldNotBeReadIsTemporary(SmtpReplyFault fault, string text)
    {
        var reply = SmtpReply.From(new SmtpReplyResult(0, [], fault));

        Assert.True(reply.IsTemporary);
        Assert.Equal(text, reply.ToString());
    }

    [Fact]
    public void ALineThatIsNotSmtpIsTemporaryAndNamedSafely()
    {
        var reply = SmtpReply.From(new SmtpReplyResult(0, ["HTTP/1.1 400\u001b[2J"], SmtpReplyFault.NotSmtp));

        Assert.True(reply.IsTemporary);
        Assert.StartsWith("not an SMTP reply: HTTP/1.1 400", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', reply.Text);
    }

    [Fact]
    public void TheLinesOfAReplyAreJoinedForTheLog()
    {
        var reply = SmtpReply.From(new SmtpReplyResult(250, ["mx.example", "PIPELINING"], SmtpReplyFault.None));

        Assert.True(reply.IsPositive);
        Assert.Equal("250 mx.example / PIPELINING", reply.ToString());
    }
}
