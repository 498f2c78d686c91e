using System.Text;
using Vigil.Engine.Smtp;

namespace Vigil.Engine.Tests.Smtp;

public sealed class SmtpReplyReaderTests
{
    // Whole in one read, a byte at a time, and in pieces that fall anywhere in a line.
    public static TheoryData<int> Chunks => [int.MaxValue, 1, 7];

    [Theory]
    [MemberData(nameof(Chunks))]
    public async Task AMultiLineReplyGivesItsCodeAndTheTextOfEachLine(int chunk)
    {
        var reader = Reader("250-mx.example Hello\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 STARTTLS\r\n", chunk);

        var reply = await reader.ReadAsync(CancellationToken.None);

        Assert.Equal(SmtpReplyFault.None, reply.Fault);
        Assert.Equal(250, reply.Code);
        Assert.Equal(["mx.example Hello", "PIPELINING", "SIZE 10240000", "STARTTLS"], reply.Lines);
        Assert.False(reader.HasBuffered);
    }

    [Theory]
    [InlineData("354\r\n", 354, "")]
    [InlineData("220 bare LF\n", 220, "bare LF")]
    [InlineData("550 5.7.1 grüße, ünïcödé\r\n", 550, "5.7.1 grüße, ünïcödé")]
    [InlineData("421 \r\n", 421, "")]
    public async Task AOneLineReplyIsReadWithItsText(string wire, int code, string text)
    {
        foreach (var chunk in new[] { int.MaxValue, 1 })
        {
            var reply = await Reader(wire, chunk).ReadAsync(CancellationToken.None);

            Assert.True(reply.IsReply, $"{reply.Fault} at chunk {chunk}");
            Assert.Equal(code, reply.Code);
            Assert.Equal([text], reply.Lines);
        }
    }

    [Fact]
    public async Task PipelinedRepliesInOneReadComeInOrderAndTheRestShowsAsBuffered()
    {
        var reader = Reader("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 go ahead\r\n", int.MaxValue);

        Assert.Equal(250, (await reader.ReadAsync(CancellationToken.None)).Code);
        Assert.True(reader.HasBuffered);
        Assert.Equal(["2.1.5 Ok"], (await reader.ReadAsync(CancellationToken.None)).Lines);
        Assert.True(reader.HasBuffered);
        Assert.Equal(354, (await reader.ReadAsync(CancellationToken.None)).Code);
        Assert.False(reader.HasBuffered);
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public async Task ALineOfTheLongestLengthIsReadAndOneByteMoreIsAFault(int chunk)
    {
        var longest = "250 " + new string('x', SmtpReplyReader.MaxLineBytes - 4);

        var read = await Reader(longest + "\r\n", chunk).ReadAsync(CancellationToken.None);
        var tooLong = await Reader(longest + "x\r\n", chunk).ReadAsync(CancellationToken.None);
        var tooLongBareLf = await Reader(longest + "x\n", chunk).ReadAsync(CancellationToken.None);

        Assert.Equal(SmtpReplyFault.None, read.Fault);
        Assert.Equal(SmtpReplyReader.MaxLineBytes - 4, read.Lines[0].Length);
        Assert.Equal(SmtpReplyFault.LineTooLong, tooLong.Fault);
        Assert.Equal(SmtpReplyFault.LineTooLong, tooLongBareLf.Fault);
    }

    [Fact]
    public async Task AServerThatNeverEndsItsLineIsReadNoFurtherThanTheBound()
    {
        var stream = new TrickleStream(Encoding.ASCII.GetBytes("220 " + new string('x', 1024 * 1024)), int.MaxValue);

        var reply = await new SmtpReplyReader(stream).ReadAsync(CancellationToken.None);

        Assert.Equal(SmtpReplyFault.LineTooLong, reply.Fault);
        Assert.True(stream.Taken <= 2 * 8192, $"read {stream.Taken} bytes");
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public async Task AReplyOfTheMostLinesIsReadAndOneLineMoreIsAFault(int chunk)
    {
        string Wire(int lines) => string.Concat(Enumerable.Repeat("250-AUTH PLAIN\r\n", lines - 1)) + "250 HELP\r\n";

        var most = await Reader(Wire(SmtpReplyReader.MaxLines), chunk).ReadAsync(CancellationToken.None);
        var tooMany = await Reader(Wire(SmtpReplyReader.MaxLines + 1), chunk).ReadAsync(CancellationToken.None);

        Assert.Equal(SmtpReplyReader.MaxLines, most.Lines.Count);
        Assert.Equal("HELP", most.Lines[^1]);
        Assert.Equal(SmtpReplyFault.TooManyLines, tooMany.Fault);
    }

    [Theory]
    [InlineData("hello there\r\n", "hello there")]
    [InlineData("25\r\n", "25")]
    [InlineData("\r\n", "")]
    [InlineData("2500 four digits\r\n", "2500 four digits")]
    [InlineData("250x\r\n", "250x")]
    [InlineData("+250 sign\r\n", "+250 sign")]
    [InlineData(" 250 leading space\r\n", " 250 leading space")]
    [InlineData("HTTP/1.1 400 Bad Request\r\n", "HTTP/1.1 400 Bad Request")]
    [InlineData("250-first\r\n251 another code\r\n", "251 another code")]
    [InlineData("250-first\r\nno code\r\n", "no code")]
    public async Task ALineThatIsNotAReplyLineIsAFaultThatNamesIt(string wire, string offending)
    {
        var reply = await Reader(wire, int.MaxValue).ReadAsync(CancellationToken.None);

        Assert.Equal(SmtpReplyFault.NotSmtp, reply.Fault);
        Assert.Equal(0, reply.Code);
        Assert.Equal([offending], reply.Lines);
    }

    [Theory]
    [InlineData("")]
    [InlineData("220 no line end")]
    [InlineData("250-first\r\n")]
    [InlineData("250-first\r\n250 seco")]
    public async Task TheConnectionClosedBeforeTheReplysLastLineIsAFault(string wire)
    {
        var reply = await Reader(wire, 3).ReadAsync(CancellationToken.None);

        Assert.Equal(SmtpReplyFault.Closed, reply.Fault);
        Assert.Empty(reply.Lines);
    }

    private static SmtpReplyReader Reader(string wire, int chunk) => new(new TrickleStream(Encoding.UTF8.GetBytes(wire), chunk));
}
