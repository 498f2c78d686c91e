using System.Text;
using Vigil.Engine.Dispositions.Forwarding;
using Vigil.Engine.Dispositions.Notifications;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Tests.Dispositions.Notifications;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Dispositions.Forwarding;

public sealed class BlockedMailForwarderTests
{
    private static readonly ForwardSettings Both = new()
    {
        ForwardVirusMail = true,
        ForwardBadMail = true,
        VirusAddresses = ["vm1@dump.example", "vm2@dump.example"],
        BadMailAddresses = ["bm@dump.example"],
    };

    private static byte[] Raw(string headers = BlockedMessage.PlainHeaders) =>
        Encoding.UTF8.GetBytes(headers + "MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nHello.\r\n");

    private static BlockedMailForwarder Forwarder(SmtpSink sink, ForwardSettings? settings = null) =>
        new(settings ?? Both, new SmtpNotificationSender("127.0.0.1", sink.Port), "postmaster@gateway.example", "gateway.example");

    /// <summary>The base64 attachment of a forward, decoded.</summary>
    private static byte[] Attachment(string data)
    {
        var start = data.IndexOf("Content-Transfer-Encoding: base64\r\n\r\n", StringComparison.Ordinal);
        var body = data[(start + "Content-Transfer-Encoding: base64\r\n\r\n".Length)..];
        return Convert.FromBase64String(body[..body.IndexOf("\r\n--", StringComparison.Ordinal)].Replace("\r\n", "", StringComparison.Ordinal));
    }

    private static string HeaderBlock(string data) => data[..data.IndexOf("\r\n\r\n", StringComparison.Ordinal)];

    [Fact]
    public async Task VirusMailGoesToEveryVmforwardAddressWithTheOriginalAttachedByteForByte()
    {
        await using var sink = new SmtpSink();
        using var result = BlockedMessage.Virus();
        var raw = Raw();

        var forward = await Forwarder(sink).ForwardAsync(result, BlockedMessage.Envelope(), () => new MemoryStream(raw), CancellationToken.None);

        Assert.True(forward.IsSent, forward.Result?.Detail);
        Assert.Equal("vmforward", forward.List);
        var t = Assert.Single(sink.Transactions);
        Assert.Equal("<>", t.MailFrom);
        Assert.Equal(["<vm1@dump.example>", "<vm2@dump.example>"], t.RcptTo);
        Assert.Equal(raw, Attachment(t.Data));
        Assert.Contains("Subject: [Vigil] blocked virus mail: Quarterly report\r\n", t.Data, StringComparison.Ordinal);
        Assert.Contains("X-Vigil-Forwarded: vmforward\r\n", t.Data, StringComparison.Ordinal);
        Assert.Contains("application/octet-stream", t.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadMailGoesToBmforwardOnly()
    {
        await using var sink = new SmtpSink();
        using var result = BlockedMessage.Policy();

        var forward = await Forwarder(sink).ForwardAsync(result, BlockedMessage.Envelope(), () => new MemoryStream(Raw()), CancellationToken.None);

        Assert.Equal("bmforward", forward.List);
        Assert.Equal(["<bm@dump.example>"], Assert.Single(sink.Transactions).RcptTo);
    }

    [Fact]
    public async Task SpamIsNeverForwarded()
    {
        await using var sink = new SmtpSink();
        using var result = BlockedMessage.Scan(Verdicts.FindingCategory.Spam);

        var forward = await Forwarder(sink).ForwardAsync(result, BlockedMessage.Envelope(), () => new MemoryStream(Raw()), CancellationToken.None);

        Assert.Same(ForwardResult.None, forward);
        Assert.Empty(sink.Transactions);
    }

    [Fact]
    public async Task VirusMailIsNotForwardedWhenOnlyBadMailForwardingIsOn()
    {
        await using var sink = new SmtpSink();
        using var result = BlockedMessage.Virus();
        var settings = new ForwardSettings { ForwardBadMail = true, VirusAddresses = ["vm@dump.example"], BadMailAddresses = ["bm@dump.example"] };

        var forward = await Forwarder(sink, settings).ForwardAsync(result, BlockedMessage.Envelope(), () => new MemoryStream(Raw()), CancellationToken.None);

        Assert.Same(ForwardResult.None, forward);
        Assert.Empty(sink.Transactions);
    }

    [Fact]
    public async Task ASubjectWithEncodedLineBreaksCannotAddHeadersToTheForward()
    {
        await using var sink = new SmtpSink();
        const string headers = "From: alice@example.org\r\nTo: bob@example.com\r\nSubject: =?UTF-8?Q?hi=0D=0ABcc:_victim@example.net=0D=0A=0D=0Abody?=\r\nMessage-ID: <x=0D=0AX-Evil: 1@example.org>\r\n";
        using var result = BlockedMessage.Policy(headers);

        var forward = await Forwarder(sink).ForwardAsync(result, BlockedMessage.Envelope(), () => new MemoryStream(Raw(headers)), CancellationToken.None);

        Assert.True(forward.IsSent, forward.Result?.Detail);
        var block = HeaderBlock(Assert.Single(sink.Transactions).Data).Replace("\r\n ", " ", StringComparison.Ordinal);
        var names = block.Split("\r\n").Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]).ToList();
        Assert.Equal(["Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Auto-Submitted", "X-Vigil-Forwarded", "Content-Type"], names);
    }

    [Fact]
    public async Task AVigilForwardIsNeverForwardedAgain()
    {
        await using var sink = new SmtpSink();
        const string headers = BlockedMessage.PlainHeaders + "X-Vigil-Forwarded: vmforward\r\n";
        using var result = BlockedMessage.Virus(headers: headers);

        var forward = await Forwarder(sink).ForwardAsync(result, BlockedMessage.Envelope(""), () => new MemoryStream(Raw(headers)), CancellationToken.None);

        Assert.Null(forward.Result);
        Assert.Contains("loop", forward.Skipped, StringComparison.Ordinal);
        Assert.Empty(sink.Transactions);
    }

    [Fact]
    public async Task AMessageOverForwardMaxSizeStaysInTheQuarantineOnly()
    {
        await using var sink = new SmtpSink();
        using var result = BlockedMessage.Virus();
        var settings = new ForwardSettings { ForwardVirusMail = true, VirusAddresses = ["vm@dump.example"], MaxSize = 50 };

        var forward = await Forwarder(sink, settings).ForwardAsync(result, BlockedMessage.Envelope(), () => new MemoryStream(Raw()), CancellationToken.None);

        Assert.Null(forward.Result);
        Assert.Contains("forwardmaxsize", forward.Skipped, StringComparison.Ordinal);
        Assert.Empty(sink.Transactions);
    }

    [Fact]
    public async Task AnUnreadableOriginalIsAFailedResultNotAnException()
    {
        await using var sink = new SmtpSink();
        using var result = BlockedMessage.Virus();

        var forward = await Forwarder(sink).ForwardAsync(result, BlockedMessage.Envelope(), () => throw new IOException("disk gone"), CancellationToken.None);

        Assert.True(forward.IsFailed);
        Assert.Contains("disk gone", forward.Result!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadNeedsBothTheSwitchAndTheAddressFileAndWarnsAboutAForgottenSwitch()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-fwd-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "vmforward"), "vm@dump.example\n# comment\n-oops@x\n");
            File.WriteAllText(Path.Combine(dir.FullName, "bmforward"), "bm@dump.example\n");
            var layers = new ControlLayers([dir.FullName]);
            var options = new PolicyOptions(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["forwardvirusmails"] = "y", ["forwardmaxsize"] = "2M" });
            var report = new ConfigReport(layers);

            var settings = ForwardSettings.Load(layers, options, report);

            Assert.True(settings.ForwardVirusMail);
            Assert.False(settings.ForwardBadMail);
            Assert.Equal(["vm@dump.example"], settings.VirusAddresses);
            Assert.Equal(2 * 1024 * 1024, settings.MaxSize);
            Assert.Contains(report.Warnings, w => w.ToString().Contains("-oops@x", StringComparison.Ordinal));
            Assert.Contains(report.Warnings, w => w.ToString().Contains("forwardbadmails=y", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
