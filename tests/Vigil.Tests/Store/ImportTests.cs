using Vigil.Store.Import;
using Vigil.Store.Sqlite;
using Vigil.Testing;

namespace Vigil.Tests.Store;

/// <summary>`vigil store import`'s readers on the formats of Vigil and Qmail-Scanner (seed 002's own example lines).</summary>
public sealed class ImportTests : IDisposable
{
    private readonly TempDir _dir = new();

    private readonly SqliteStore _store;

    public ImportTests()
    {
        _store = SqliteStore.Open(Path.Combine(_dir.Path, "store.db"), TimeSpan.FromSeconds(5), create: true, out var error) ?? throw new InvalidOperationException(error);
    }

    [Fact]
    public void VigilLogLinesGiveARowPerRecipientAndAMalformedLineIsReportedByFileAndLineAndSkipped()
    {
        var file = Write("vigil.log",
            "2026-12-01T10:00:00.123Z\tqueue\tvirus\tvirus:Eicar-Test-Signature\t812\t14\ta@example.org\tb@example.net,c@example.net\tHello there\t<m1@example.org>\t192.0.2.1\teicar.com:68\n" +
            "this is not a log line\n" +
            "Dec  1 10:00:01 gw1 vigil[4242]: 2026-12-01T10:00:01.000Z#011deliver#011clean#011-#0112000#0113#011<>#011d@example.net#011-#011-#011-#011-\n");

        var result = FileImporter.Import(_store, file, ImportFormat.Auto, "here");

        Assert.Equal(ImportFormat.Vigil, result.Format);
        Assert.Equal(3, result.Added);
        Assert.Equal([$"{file}:2: expected 12 tab-separated fields, found 1"], result.Malformed);
        var virus = _store.Reader().Track("<m1@example.org>");
        Assert.Equal(["b@example.net", "c@example.net"], virus.Select(r => r.Recipient));
        Assert.All(virus, r => Assert.Equal("Eicar-Test-Signature", Assert.Single(r.Findings).Rule));
        Assert.Equal("eicar.com", Assert.Single(virus[0].Attachments).Name);
        Assert.Equal("192.0.2.1", virus[0].ClientIp);
        Assert.Equal("here", virus[0].Node);
        var bounce = Assert.Single(_store.Reader().Track("d@example.net"));
        Assert.Equal("", bounce.Sender);
        Assert.Equal("gw1", bounce.Node);
        Assert.Equal("deliver", bounce.Door);
        Assert.Null(bounce.Subject);

        var again = FileImporter.Import(_store, file, ImportFormat.Auto, "here");
        Assert.Equal(0, again.Added);
    }

    [Fact]
    public void QmailScannerSyslogLinesOfTheSeedAreReadWithRelayClientIpAndAttachments()
    {
        var file = Write("maillog",
            "Aug 14 16:22:41 srvname qmail-scanner[30802]: Clear:RC:1(1.2.3.4): 0.030769 11569 root@x.y jdoe@y.z More_Power! <20020814042234.27902.qmail@x.y> 1029298961.30804-0.srvname:10649\n" +
            "Aug 14 16:23:17 srvname qmail-scanner[15885]: Clear:RC:0(1.5.4.3):SA:0(3.0/5.0):CR:PGP(old-signed): 4.66578 5549 fedora-devel-list-bounces@redhat.com Jason.Haar@trimble.co.nz Re:_RFC:_Soname_in_rpm_name <20050128003606.GD16634@neu.nirvana> 1106872589.15888-0.mailsrv2.trimble.co.nz:1046 1106872589.15888-1.mailsrv2.trimble.co.nz:189\n" +
            "Aug 14 16:24:00 srvname qmail-scanner[30900]: CLAMDSCAN:Eicar-Test-Signature:RC:0(5.6.7.8): 0.5 900 bad@z.example jdoe@y.z Test <v1@z.example> eicar.com:68\n" +
            "Aug 14 16:25:00 srvname qmail-scanner[30901]: truncated\n");
        File.SetLastWriteTimeUtc(file, new DateTime(2002, 9, 1, 0, 0, 0, DateTimeKind.Utc));

        var result = FileImporter.Import(_store, file, ImportFormat.Auto, "here");

        Assert.Equal(ImportFormat.QmailScannerSyslog, result.Format);
        Assert.Equal(3, result.Added);
        Assert.Equal(1, result.MalformedCount);
        var first = Assert.Single(_store.Reader().Track("<20020814042234.27902.qmail@x.y>"));
        Assert.Equal(new DateTimeOffset(2002, 8, 14, 16, 22, 41, TimeSpan.Zero), first.Time);
        Assert.Equal("clean", first.Verdict);
        Assert.True(first.RelayClient);
        Assert.Equal("1.2.3.4", first.ClientIp);
        Assert.Equal(11569, first.Size);
        Assert.Equal("srvname", first.Node);
        Assert.Equal(30.769, first.ElapsedMilliseconds, 3);
        var second = Assert.Single(_store.Reader().Track("jason.haar@trimble.co.nz"));
        Assert.False(second.RelayClient);
        Assert.Equal(2, second.Attachments.Count);
        var virus = Assert.Single(_store.Reader().Track("bad@z.example"));
        Assert.Equal("virus", virus.Verdict);
        var finding = Assert.Single(virus.Findings);
        Assert.Equal("Eicar-Test-Signature", finding.Rule);
        Assert.StartsWith("clamdscan: ", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void MailstatsCsvLinesAreTabSeparatedWithTheirTime()
    {
        var file = Write("mailstats.csv",
            "1029298961\tClear:RC:1(1.2.3.4):\t0.030769\t11569\troot@x.y\tjdoe@y.z\tMore Power!\t<a1@x.y>\tnotes.txt:10649\n" +
            "1029298962\tPolicy:Bad_Attachment:RC:0(9.9.9.9):\t0.1\t2000\tspam@z.example\tjdoe@y.z\tinvoice\t<a2@z.example>\tinvoice.pif:1000\n");

        var result = FileImporter.Import(_store, file, ImportFormat.Auto, "here");

        Assert.Equal(ImportFormat.Mailstats, result.Format);
        Assert.Equal(2, result.Added);
        var rows = _store.Reader().Track("jdoe@y.z");
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1029298961), rows[0].Time);
        Assert.Equal("More Power!", rows[0].Subject);
        Assert.Equal("policy", rows[1].Verdict);
        Assert.Equal("invoice.pif", Assert.Single(rows[1].Attachments).Name);
    }

    [Fact]
    public void QuarantineLogLinesAddQuarantinedMessagesAndMarkReleases()
    {
        var file = Write("quarantine.log",
            "2026-12-01T10:00:00Z\t1764583200.4242.gw1\tviruses\tvirus\tEicar-Test-Signature\ta@example.org\tb@example.net\t192.0.2.1\tHello\n" +
            "2026-12-01T11:00:00Z\t1764583200.4242.gw1\tviruses\treleased\tadmin\ta@example.org\tb@example.net\t192.0.2.1\tHello\n");

        var result = FileImporter.Import(_store, file, ImportFormat.Auto, "here");

        Assert.Equal(ImportFormat.QuarantineLog, result.Format);
        Assert.Equal(1, result.Added);
        Assert.Equal(1, result.StatesChanged);
        var row = Assert.Single(_store.Reader().Track("b@example.net"));
        Assert.Equal("1764583200.4242.gw1", row.QuarantineId);
        Assert.Equal("released", row.QuarantineState);
        Assert.Equal("quarantined", row.Outcome);
    }

    [Fact]
    public void AFileThatCannotBeReadIsAnErrorAndAddsNothing()
    {
        var result = FileImporter.Import(_store, Path.Combine(_dir.Path, "missing.log"), ImportFormat.Auto, "here");

        Assert.NotNull(result.Error);
        Assert.Equal(0, result.Added);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, text);
        return path;
    }
}
