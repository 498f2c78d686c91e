using Vigil.Doors.Queue;

namespace Vigil.Tests.Doors;

public sealed class QmailEnvelopeTests
{
    [Fact]
    public void ReadsTheSenderAndEveryRecipientKeepingEachByteAsOneCharacter()
    {
        byte[] bytes = [.. "Fa@example.org\0Tb@example.net\0T"u8, 0xE9, .. "t\u00e9@x.example\0\0"u8];

        var envelope = QmailEnvelope.TryParse(bytes)!;

        Assert.Equal("a@example.org", envelope.Sender);
        Assert.Equal(["b@example.net", "\u00e9t\u00c3\u00a9@x.example"], envelope.Recipients);
        Assert.Same(bytes, envelope.Bytes);
    }

    [Fact]
    public void TheNullSenderIsEmpty()
    {
        var envelope = QmailEnvelope.TryParse("F\0Tpostmaster@x.example\0\0"u8.ToArray())!;

        Assert.Equal("", envelope.Sender);
        Assert.Equal(["postmaster@x.example"], envelope.Recipients);
    }

    [Theory]
    [InlineData("Ta@x\0\0")]
    [InlineData("Fa@x\0Tb@y\0")]
    [InlineData("Fa@x\0Xb@y\0\0")]
    [InlineData("Fa@x")]
    public void ANonEnvelopeIsNull(string text)
    {
        Assert.Null(QmailEnvelope.TryParse(System.Text.Encoding.Latin1.GetBytes(text)));
    }
}
