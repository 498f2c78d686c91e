using Vigil.Engine.Dispositions.Logging;
using Vigil.Store.Import;
using Vigil.Store.Sqlite;
using Vigil.Testing;

namespace Vigil.Tests.Store;

/// <summary>What the doors write with `logformat=qmail-scanner` (and Vigil's own format), `vigil store import` reads back.</summary>
public sealed class LogRoundTripTests : IDisposable
{
    private static readonly DateTimeOffset When = new(2002, 8, 14, 16, 22, 41, TimeSpan.Zero);

    private readonly TempDir _dir = new();
    private readonly SqliteStore _store;

    public LogRoundTripTests()
    {
        _store = SqliteStore.Open(Path.Combine(_dir.Path, "store.db"), TimeSpan.FromSeconds(5), create: true, out var error) ?? throw new InvalidOperationException(error);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private static MessageLogRecord Clean() => new()
    {
        Time = When,
        Door = "queue",
        Verdict = "clean",
        Size = 11569,
        ElapsedMilliseconds = 31,
        Sender = "root@x.y",
        Recipients = ["jdoe@y.z", "ann@y.z"],
        Subject = "More Power!",
        MessageId = "<20020814042234.27902.qmail@x.y>",
        ClientIp = "1.2.3.4",
        RelayClient = true,
        Attachments = [new("notes 1.txt", 10649)],
        Spam = new SpamLogStatus(false, 3.0, 5.0),
        DlpHits = ["policy:dlp:card"],
    };

    private static MessageLogRecord Blocked() => new()
    {
        Time = When.AddSeconds(5),
        Door = "queue",
        Verdict = "format",
        Findings = ["format:comment-in-header"],
        Event = "format:comment-in-header",
        Size = 900,
        ElapsedMilliseconds = 500,
        Sender = "",
        NullSender = new NullSenderOrigin("MAILER-DAEMON@z.example", IsBounce: true),
        Recipients = ["jdoe@y.z"],
        Subject = "Undelivered",
        MessageId = "<v1@z.example>",
        ClientIp = "5.6.7.8",
        RelayClient = false,
        Crypto = ["ZIP(encrypted)"],
    };

    [Fact]
    public void QmailScannerSyslogLinesRoundTrip()
    {
        var lines = new List<string>();
        foreach (var record in new[] { Clean(), Blocked() })
        {
            // What rsyslog adds in front of the message the door sends under the tag "qmail-scanner".
            var prefix = $"{record.Time:MMM dd HH:mm:ss} gw1 {QmailScannerLogLine.SyslogTag}[4242]: ";
            lines.AddRange(QmailScannerLogLine.Syslog(record).Select(l => prefix + l));
        }

        var file = Write("maillog", string.Join('\n', lines) + "\n");
        File.SetLastWriteTimeUtc(file, new DateTime(2002, 9, 1, 0, 0, 0, DateTimeKind.Utc));

        var result = FileImporter.Import(_store, file, ImportFormat.Auto, "here");

        Assert.Equal(ImportFormat.QmailScannerSyslog, result.Format);
        Assert.Empty(result.Malformed);
        Assert.Equal(3, result.Added);
        AssertRows(subjectSpaces: "_");
    }

    [Fact]
    public void MailstatsLinesRoundTrip()
    {
        var lines = new[] { Clean(), Blocked() }.SelectMany(r => QmailScannerLogLine.Mailstats(r));
        var file = Write("mailstats.csv", string.Join('\n', lines) + "\n");

        var result = FileImporter.Import(_store, file, ImportFormat.Auto, "here");

        Assert.Equal(ImportFormat.Mailstats, result.Format);
        Assert.Empty(result.Malformed);
        Assert.Equal(3, result.Added);
        AssertRows(subjectSpaces: " ");
    }

    [Fact]
    public void VigilLinesWithTheFindingWrittenOnceAndALabelledNullSenderRoundTrip()
    {
        var file = Write("vigil.log", MessageLogLine.Format(Blocked()) + "\n");

        var result = FileImporter.Import(_store, file, ImportFormat.Auto, "here");

        Assert.Equal(1, result.Added);
        var row = Assert.Single(_store.Reader().Track("<v1@z.example>"));
        Assert.Equal("", row.Sender);
        var finding = Assert.Single(row.Findings);
        Assert.Equal(("format", "format:comment-in-header"), (finding.Category, finding.Rule));
    }

    private void AssertRows(string subjectSpaces)
    {
        var clean = _store.Reader().Track("<20020814042234.27902.qmail@x.y>");
        Assert.Equal(["ann@y.z", "jdoe@y.z"], clean.Select(r => r.Recipient).Order());
        var first = clean[0];
        Assert.Equal(When, first.Time);
        Assert.Equal("clean", first.Verdict);
        Assert.True(first.RelayClient);
        Assert.Equal("1.2.3.4", first.ClientIp);
        Assert.Equal(11569, first.Size);
        Assert.Equal(31, first.ElapsedMilliseconds, 3);
        Assert.Equal("root@x.y", first.Sender);
        Assert.Equal($"More{subjectSpaces}Power!", first.Subject);
        var attachment = Assert.Single(first.Attachments);
        Assert.Equal(("notes_1.txt", 10649L), (attachment.Name, attachment.Size));
        var dlp = Assert.Single(first.Findings);
        Assert.Equal(("policy", "dlp:card", "dlp-monitor"), (dlp.Category, dlp.Rule, dlp.Detail));

        var blocked = Assert.Single(_store.Reader().Track("<v1@z.example>"));
        Assert.Equal("format", blocked.Verdict);
        Assert.Equal("", blocked.Sender);
        Assert.False(blocked.RelayClient);
        Assert.Equal("5.6.7.8", blocked.ClientIp);
        Assert.Equal(500, blocked.ElapsedMilliseconds, 3);
        var finding = Assert.Single(blocked.Findings);
        Assert.Equal(("format", "format:comment-in-header"), (finding.Category, finding.Rule));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, text);
        return path;
    }
}
