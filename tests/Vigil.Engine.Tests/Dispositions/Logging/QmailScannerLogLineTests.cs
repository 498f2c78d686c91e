using System.Text;
using Vigil.Engine.Analysis;
using Vigil.Engine.Dispositions.Logging;
using Vigil.Engine.Judging;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanners.Spamd;
using Vigil.Engine.Verdicts;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Dispositions.Logging;

/// <summary>`logformat=qmail-scanner`: Qmail-Scanner's syslog line and mailstats.csv line (seed 002's own example).</summary>
public sealed class QmailScannerLogLineTests
{
    private static readonly DateTimeOffset When = new(2002, 8, 14, 16, 22, 41, TimeSpan.Zero);

    /// <summary>The record of seed 002's first example line.</summary>
    private static MessageLogRecord SeedRecord() => new()
    {
        Time = When,
        Door = "queue",
        Verdict = "clean",
        Size = 11569,
        ElapsedMilliseconds = 31,
        Sender = "root@x.y",
        Recipients = ["jdoe@y.z"],
        Subject = "More Power!",
        MessageId = "<20020814042234.27902.qmail@x.y>",
        ClientIp = "1.2.3.4",
        RelayClient = true,
        Attachments = [new("1029298961.30804-0.srvname", 10649)],
    };

    [Fact]
    public void TheSeedsFirstExampleIsWrittenAsQmailScannerWroteIt()
    {
        var line = Assert.Single(QmailScannerLogLine.Syslog(SeedRecord()));

        // Seed 002: "Clear:RC:1(1.2.3.4): 0.030769 11569 root@x.y jdoe@y.z More_Power! <20020814042234.27902.qmail@x.y> 1029298961.30804-0.srvname:10649"
        Assert.Equal("Clear:RC:1(1.2.3.4): 0.031 11569 root@x.y jdoe@y.z More_Power! <20020814042234.27902.qmail@x.y> 1029298961.30804-0.srvname:10649", line);
    }

    [Fact]
    public void MailstatsIsTabDelimitedWithTheTimeFirstAndSpacesKept()
    {
        var fields = Assert.Single(QmailScannerLogLine.Mailstats(SeedRecord())).Split('\t');

        Assert.Equal(["2002-08-14T16:22:41.000Z", "Clear:RC:1(1.2.3.4):", "0.031", "11569", "root@x.y", "jdoe@y.z", "More Power!", "<20020814042234.27902.qmail@x.y>", "1029298961.30804-0.srvname:10649"], fields);
    }

    [Fact]
    public void OneLinePerRecipientAsQmailScannerDoes()
    {
        var lines = QmailScannerLogLine.Syslog(SeedRecord() with { Recipients = ["a@y.z", "b@y.z"], RelayClient = false, ClientIp = null });

        Assert.Equal(2, lines.Count);
        Assert.StartsWith("Clear:RC:0(127.0.0.1): 0.031 11569 root@x.y a@y.z ", lines[0], StringComparison.Ordinal);
        Assert.Contains(" root@x.y b@y.z ", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void SpamScoreCryptoAndDlpHitsAreColonSeparatedComponents()
    {
        var record = SeedRecord() with
        {
            Spam = new SpamLogStatus(false, 3.0, 5.0),
            Crypto = ["PGP(signed)", "ZIP(encrypted)"],
            DlpHits = ["policy:dlp card"],
        };

        Assert.Equal("Clear:RC:1(1.2.3.4):SA:0(3.0/5.0):CR:PGP(signed):CR:ZIP(encrypted):DLP:policy:dlp_card:", QmailScannerLogLine.Syslog(record)[0].Split(' ')[0]);
    }

    [Fact]
    public void ABlockedMessageIsDescribedByTheFindingThatBlockedIt()
    {
        var record = SeedRecord() with { Verdict = "virus", Event = "virus:Eicar-Test-Signature" };

        Assert.StartsWith("Virus:Eicar-Test-Signature:RC:1(1.2.3.4): ", QmailScannerLogLine.Syslog(record)[0], StringComparison.Ordinal);
    }

    [Fact]
    public void AJudgedMessageGivesItsSpamScoreEncryptedZipDlpHitAndTheFormatFindingOnce()
    {
        var zip = Convert.ToBase64String(File.ReadAllBytes(TestPaths.Corpus("archives", "zipcrypto.zip")), Base64FormattingOptions.InsertLineBreaks);
        var text = "From: a@example.org\r\nSubject: Secret\r\nMessage-ID: <m1@example.org>\r\nMIME-Version: 1.0\r\n" +
                   "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n" +
                   "--b\r\nContent-Type: application/zip; name=\"s.zip\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + zip + "\r\n--b--\r\n";
        var analysis = new MessageAnalyzer().Analyze(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        Finding[] findings =
        [
            new(FindingCategory.Format, "format:comment-in-header", "", "1"),
            new(FindingCategory.Spam, "spamd:ham", new SpamScore(3.0, 5.0, ["MISSING_DATE"], false).ToDetail(), "", RuleAction.Monitor),
            new(FindingCategory.Policy, "dlp:card", "", "1", RuleAction.Monitor),
        ];
        using var result = new Judgement(analysis, new Verdict(findings), TimeSpan.FromMilliseconds(4));
        var record = MessageLogRecord.From(result, new Envelope("a@example.org", ["b@example.com"]) { ClientIp = "192.0.2.7", RelayClient = false }, When);

        Assert.Equal("Format:comment-in-header:RC:0(192.0.2.7):SA:0(3.0/5.0):CR:ZIP(encrypted):DLP:policy:dlp:card:", QmailScannerLogLine.Syslog(record)[0].Split(' ')[0]);
        Assert.Equal("format:comment-in-header; spam:spamd:ham(monitor); policy:dlp:card(monitor)", MessageLogLine.Format(record).Split('\t')[3]);
    }

    [Theory]
    [InlineData("From: MAILER-DAEMON@mx.example.net\r\n", "(=MAILER-DAEMON@mx.example.net=)")]
    [InlineData("From: Mail Delivery <postmaster@mx.example.net>\r\n", "(=postmaster@mx.example.net=)")]
    [InlineData("From: robot@shop.example\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=x\r\n", "(=robot@shop.example=)")]
    [InlineData("From: Invoice <billing@shop.example>\r\n", "(-billing@shop.example-)")]
    [InlineData("Subject: no from at all\r\n", "<>")]
    public void NullSenderMailIsLabelledAsQmvcsFaqDescribes(string headers, string expected)
    {
        var analysis = new MessageAnalyzer().Analyze(new MemoryStream(Encoding.UTF8.GetBytes(headers + "\r\nbody\r\n")));
        using var result = new Judgement(analysis, new Verdict([]), TimeSpan.Zero);
        var record = MessageLogRecord.From(result, new Envelope("", ["u@local.example"]), When);

        Assert.Equal(expected, MessageLogLine.Format(record).Split('\t')[6]);
        Assert.Equal(expected, QmailScannerLogLine.Syslog(record)[0].Split(' ')[3]);
        Assert.True(NullSenderLabel.IsLabel(expected));
    }

    [Fact]
    public void AnonymisedNullSenderLabelsHideTheFromAddressToo()
    {
        var key = new LogAnonymizer(new byte[32]);
        var label = NullSenderLabel.Format(new NullSenderOrigin("alice@example.org", IsBounce: false), key);

        Assert.DoesNotContain("alice", label, StringComparison.Ordinal);
        Assert.StartsWith("(-", label, StringComparison.Ordinal);
    }

    [Fact]
    public void LogFormatQmailScannerSendsTheSyslogLineUnderItsTagAndMailstatsElsewhere()
    {
        var syslog = Settings(new() { ["logformat"] = "qmail-scanner", ["log"] = "syslog" });
        Assert.Equal(QmailScannerLogLine.SyslogTag, Assert.IsType<SyslogMessageLogWriter>(syslog.Writer).Tag);
        Assert.StartsWith("Clear:RC:1(1.2.3.4): 0.031 ", Assert.Single(syslog.Lines(SeedRecord())), StringComparison.Ordinal);

        var file = Settings(new() { ["logformat"] = "qmail-scanner", ["log"] = "file:/tmp/vigil-never-written/mailstats.csv" });
        Assert.Equal(9, Assert.Single(file.Lines(SeedRecord())).Split('\t').Length);

        var plain = Settings(new() { ["log"] = "syslog" });
        Assert.Equal("vigil", Assert.IsType<SyslogMessageLogWriter>(plain.Writer).Tag);
        Assert.Equal(MessageLogLine.Fields.Count, Assert.Single(plain.Lines(SeedRecord())).Split('\t').Length);
    }

    [Fact]
    public void AnUnknownLogFormatIsReportedAndVigilsOwnIsUsed()
    {
        var settings = Settings(new() { ["logformat"] = "qmvc" });

        Assert.Equal(MessageLogFormat.Vigil, settings.Format);
        Assert.Contains(settings.Problems, p => p.StartsWith("logformat: 'qmvc'", StringComparison.Ordinal));
    }

    private static MessageLogSettings Settings(Dictionary<string, string> values) =>
        MessageLogSettings.From(new Vigil.Engine.Policy.Control.PolicyOptions(new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase)), () => null);
}
