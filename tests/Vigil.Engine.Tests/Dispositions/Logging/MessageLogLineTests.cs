using System.Text;
using Vigil.Engine.Analysis;
using Vigil.Engine.Dispositions.Logging;
using Vigil.Engine.Policy;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Tests.Dispositions.Logging;

public sealed class MessageLogLineTests
{
    private static readonly DateTimeOffset When = new(2025, 3, 4, 9, 5, 7, 123, TimeSpan.FromHours(1));

    private static MessageLogRecord Record() => new()
    {
        Time = When,
        Door = "queue",
        Verdict = "policy",
        Findings = [@"policy:badfilenames:\.exe$", "virus:Eicar-Test-Signature"],
        Size = 11569,
        ElapsedMilliseconds = 31,
        Sender = "root@x.example",
        Recipients = ["jdoe@y.example", "ann@z.example"],
        Subject = "More Power!",
        MessageId = "<20020814042234.27902.qmail@x.example>",
        ClientIp = "192.0.2.4",
        Attachments = [new("report final.exe", 4096), new("a.txt", 12)],
    };

    [Fact]
    public void FieldsComeInQmailScannerOrderSeparatedByTabs()
    {
        var fields = MessageLogLine.Format(Record()).Split('\t');

        Assert.Equal(MessageLogLine.Fields.Count, fields.Length);
        Assert.Equal(
        [
            "2025-03-04T08:05:07.123Z", "queue", "policy", @"policy:badfilenames:\.exe$; virus:Eicar-Test-Signature", "11569", "31",
            "root@x.example", "jdoe@y.example,ann@z.example", "More Power!", "<20020814042234.27902.qmail@x.example>", "192.0.2.4",
            "report_final.exe:4096 a.txt:12",
        ], fields);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(638_000_000_000_000_000L)]
    [InlineData(639_000_000_012_345_678L)]
    [InlineData(3_155_378_975_999_999_999L)] // 9999-12-31T23:59:59.999
    public void TheTimeIsWrittenAsTheIsoFormatWouldWriteIt(long ticks)
    {
        var time = new DateTimeOffset(ticks, TimeSpan.Zero);

        Assert.Equal(
            time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            MessageLogLine.Timestamp(time));
    }

    [Fact]
    public void TabsLineBreaksAndControlCharactersCannotBreakTheLine()
    {
        var record = Record() with
        {
            Subject = "a\tb\r\nc\u0000d\u2028e",
            MessageId = "",
            ClientIp = null,
            Sender = "",
            Attachments = [new("evil\tname\n.exe", 1)],
        };

        var line = MessageLogLine.Format(record);
        var fields = line.Split('\t');

        Assert.Equal(12, fields.Length);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.Equal("a b  c?d e", fields[8]);
        Assert.Equal("-", fields[9]);
        Assert.Equal("-", fields[10]);
        Assert.Equal("<>", fields[6]);
        Assert.Equal("evil_name_.exe:1", fields[11]);
    }

    [Fact]
    public void AnonymisationReplacesLocalPartsWithAKeyedTokenAndKeepsDomains()
    {
        var key = new LogAnonymizer("a secret of at least sixteen bytes"u8);
        var other = new LogAnonymizer("another secret, also long enough"u8);

        var fields = MessageLogLine.Format(Record(), key).Split('\t');

        Assert.Matches("^[0-9a-f]{12}@x\\.example$", fields[6]);
        Assert.DoesNotContain("root", fields[6], StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{12}@y\\.example,[0-9a-f]{12}@z\\.example$", fields[7]);

        // Stable under one key (statistics still work), case-insensitive, different under another key.
        Assert.Equal(key.Address("root@x.example"), key.Address("ROOT@x.example"));
        Assert.Equal(fields[6], key.Address("root@x.example"));
        Assert.NotEqual(key.Address("root@x.example"), other.Address("root@x.example"));
        Assert.Equal("<>", key.Address(""));
        Assert.Throws<ArgumentException>(() => new LogAnonymizer("short"u8));
    }

    [Fact]
    public void RecordIsBuiltFromAScanResultAndItsEnvelope()
    {
        const string text = "From: a@example.org\r\nSubject: Invoice\r\nMessage-ID: <m1@example.org>\r\nMIME-Version: 1.0\r\n" +
                            "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n" +
                            "--b\r\nContent-Type: application/octet-stream; name=\"inv oice.exe\"\r\nContent-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAA=\r\n--b--\r\n";
        var analysis = new MessageAnalyzer().Analyze(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        Finding[] findings = [new(FindingCategory.Policy, @"badfilenames:\.exe$", "inv oice.exe", "2"), new(FindingCategory.Policy, "dlp:card", "", "1", RuleAction.Monitor)];
        using var result = new Judgement(analysis, new Verdict(findings), TimeSpan.FromMilliseconds(41.6));
        var envelope = new Envelope("a@example.org", ["b@example.com"]) { ClientIp = "198.51.100.9", Door = "deliver" };

        var fields = MessageLogLine.Format(MessageLogRecord.From(result, envelope, When)).Split('\t');

        Assert.Equal("deliver", fields[1]);
        Assert.Equal("policy", fields[2]);
        Assert.Equal(@"policy:badfilenames:\.exe$; policy:dlp:card(monitor)", fields[3]);
        Assert.Equal(text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), fields[4]);
        Assert.Equal("42", fields[5]);
        Assert.Equal("Invoice", fields[8]);
        Assert.Equal("<m1@example.org>", fields[9]);
        Assert.Equal("198.51.100.9", fields[10]);
        Assert.Equal("inv_oice.exe:8", fields[11]);
    }

    [Fact]
    public void LongFieldsAreCapped()
    {
        var line = MessageLogLine.Format(Record() with { Subject = new string('s', 50_000) });

        Assert.Equal(LogField.MaxLength, line.Split('\t')[8].Length);
    }
}
