using System.Text;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Tests.Dispositions.Quarantine;

public class QuarantineStoreTests
{
    private static readonly Verdict VirusVerdict = new([new Finding(FindingCategory.Virus, "Eicar-Test-Signature", "eicar.com", "2")]);

    private static readonly Envelope TwoRecipients = new("alice@example.org", ["bob@example.net", "carol@example.com"]) { ClientIp = "192.0.2.7", Door = "queue" };

    [Fact]
    public async Task TheStoredFileIsTheAddedHeadersFollowedByTheRawMessageByteForByte()
    {
        using var root = new QuarantineRoot();
        var raw = RawWithEveryByte("\r\n");
        var store = new QuarantineStore(root.Path);
        var record = await store.StoreAsync(new MemoryStream(raw), TwoRecipients, VirusVerdict, "viruses", CancellationToken.None);

        var stored = await File.ReadAllBytesAsync(record.Path);
        Assert.Equal(Path.Combine(root.Path, "viruses", "new", record.Id), record.Path);
        Assert.Equal(raw, stored[(int)record.HeaderLength..]);
        Assert.Equal(stored.Length, record.Size);
        var block = Encoding.UTF8.GetString(stored, 0, (int)record.HeaderLength);
        var lines = block.Split("\r\n")[..^1];
        Assert.Equal(
            [
                $"X-Vigil-Quarantine-Id: {record.Id}",
                "X-Vigil-Envelope-From: alice@example.org",
                "X-Vigil-Envelope-To: bob@example.net",
                "X-Vigil-Envelope-To: carol@example.com",
                "X-Vigil-Client-IP: 192.0.2.7",
                "X-Vigil-Verdict: virus",
                "X-Vigil-Finding: virus; rule=Eicar-Test-Signature; detail=eicar.com; part=2",
            ],
            lines[..^1]);
        Assert.StartsWith("X-Vigil-Date: ", lines[^1], StringComparison.Ordinal);
        Assert.Empty(root.Files("viruses", "tmp"));
    }

    [Fact]
    public async Task TheAddedHeadersUseTheMessagesOwnLineEnd()
    {
        using var root = new QuarantineRoot();
        var raw = Encoding.ASCII.GetBytes("From: a@example.org\nSubject: plain\n\nbody\n");
        var record = await new QuarantineStore(root.Path).StoreAsync(new MemoryStream(raw), TwoRecipients, VirusVerdict, "viruses", CancellationToken.None);
        var stored = await File.ReadAllBytesAsync(record.Path);
        Assert.DoesNotContain((byte)'\r', stored);
        Assert.Equal(raw, stored[(int)record.HeaderLength..]);
    }

    [Fact]
    public async Task AMessageLargerThanTheHeadBufferIsStoredWhole()
    {
        using var root = new QuarantineRoot();
        var raw = new byte[300_000];
        new Random(7).NextBytes(raw);
        var record = await new QuarantineStore(root.Path).StoreAsync(new MemoryStream(raw), TwoRecipients, VirusVerdict, "policy", CancellationToken.None);
        Assert.Equal(raw, (await File.ReadAllBytesAsync(record.Path))[(int)record.HeaderLength..]);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(70_000)]
    [InlineData(250_000)]
    public async Task AStreamThatBreaksMidwayLeavesNothingInNewAndNothingInTmp(int failAfter)
    {
        using var root = new QuarantineRoot();
        var raw = new byte[300_000];
        new Random(1).NextBytes(raw);
        var store = new QuarantineStore(root.Path);
        await Assert.ThrowsAsync<IOException>(() => store.StoreAsync(new FailingStream(raw, failAfter), TwoRecipients, VirusVerdict, "viruses", CancellationToken.None));
        Assert.Empty(root.Files("viruses", "new"));
        Assert.Empty(root.Files("viruses", "tmp"));
        Assert.Empty(store.List());
        Assert.False(File.Exists(store.Log.FilePath));
    }

    [Fact]
    public async Task ACancelledWriteLeavesNothingBehind()
    {
        using var root = new QuarantineRoot();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var store = new QuarantineStore(root.Path);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.StoreAsync(new MemoryStream(new byte[1000]), TwoRecipients, VirusVerdict, "spam", cts.Token));
        Assert.Empty(root.Files("spam", "new"));
        Assert.Empty(root.Files("spam", "tmp"));
    }

    [Fact]
    public async Task AnUnknownFolderIsRefusedAndNeverBecomesAPath()
    {
        using var root = new QuarantineRoot();
        var store = new QuarantineStore(root.Path);
        await Assert.ThrowsAsync<ArgumentException>(() => store.StoreAsync(new MemoryStream([1]), TwoRecipients, VirusVerdict, "../etc", CancellationToken.None));
        Assert.Empty(Directory.GetFileSystemEntries(root.Path));
    }

    [Fact]
    public async Task FoldersArePrivateAndFilesReadableOnlyByTheOwner()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var root = new QuarantineRoot();
        var record = await new QuarantineStore(root.Path).StoreAsync(new MemoryStream([65]), TwoRecipients, VirusVerdict, "viruses", CancellationToken.None);
        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        foreach (var sub in new[] { "tmp", "new", "cur" })
        {
            Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(root.Path, "viruses", sub)));
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(record.Path));
    }

    [Fact]
    public async Task CrLfInjectionInTheEnvelopeFindingsAndSubjectNeverMakesANewHeaderOrLogField()
    {
        using var root = new QuarantineRoot();
        var envelope = new Envelope("evil@example.org\r\nX-Injected: sender", ["bob@example.net\nBcc: victim@example.com"]) { ClientIp = "1.2.3.4\r\n\tX-Ip: x" };
        var verdict = new Verdict([new Finding(FindingCategory.Policy, "badfilenames:\\.exe$", "a.exe\r\nX-Injected: detail\u2028\u0085\0\u001b", "2")]);
        var raw = Encoding.ASCII.GetBytes("Subject: =?utf-8?q?hello=0D=0AX-Injected:_subject=09tab?=\r\n\r\nbody\r\n");
        var store = new QuarantineStore(root.Path);
        var record = await store.StoreAsync(new MemoryStream(raw), envelope, verdict, "policy", CancellationToken.None);

        var block = Encoding.UTF8.GetString((await File.ReadAllBytesAsync(record.Path))[..(int)record.HeaderLength]);
        var lines = block.Split("\r\n")[..^1];
        Assert.Equal(7, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("X-Vigil-", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain('\n', l));
        Assert.All(lines, l => Assert.DoesNotContain(l, c => char.IsControl(c) || c == '\u2028'));
        Assert.Contains("X-Vigil-Envelope-From: evil@example.orgX-Injected: sender", lines);
        Assert.Contains("X-Vigil-Finding: policy; rule=badfilenames:\\.exe$; detail=a.exeX-Injected: detail; part=2", lines);

        var logLine = Assert.Single(File.ReadAllLines(store.Log.FilePath));
        var fields = logLine.Split('\t');
        Assert.Equal(9, fields.Length);
        Assert.Equal("helloX-Injected: subject tab", fields[8]);
        Assert.Equal("helloX-Injected: subject tab", record.Subject);

        var back = store.Find(record.Id)!;
        Assert.Equal(["bob@example.netBcc: victim@example.com"], back.Recipients);
    }

    [Fact]
    public async Task LongValuesAreCapped()
    {
        using var root = new QuarantineRoot();
        var verdict = new Verdict([new Finding(FindingCategory.Policy, "r", new string('x', 50_000), "")]);
        var record = await new QuarantineStore(root.Path).StoreAsync(new MemoryStream("\n"u8.ToArray()), TwoRecipients, verdict, "policy", CancellationToken.None);
        var lines = File.ReadAllLines(record.Path);
        Assert.All(lines, l => Assert.True(l.Length < 998, $"line of {l.Length}"));
    }

    [Fact]
    public async Task EachMessageGetsOneTabSeparatedQuarantineLogLine()
    {
        using var root = new QuarantineRoot();
        var time = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var store = new QuarantineStore(root.Path, () => time);
        var raw = Encoding.ASCII.GetBytes("From: a@example.org\r\nSubject: Invoice\r\n\r\nbody\r\n");
        var record = await store.StoreAsync(new MemoryStream(raw), TwoRecipients, VirusVerdict, "viruses", CancellationToken.None);
        var nullSender = await store.StoreAsync(new MemoryStream(raw), new Envelope("", ["postmaster@example.net"]), VirusVerdict, "viruses", CancellationToken.None);

        var lines = File.ReadAllLines(store.Log.FilePath);
        Assert.Equal(2, lines.Length);
        Assert.Equal(
            ["2024-05-06T07:08:09Z", record.Id, "viruses", "virus", "Eicar-Test-Signature", "alice@example.org", "bob@example.net,carol@example.com", "192.0.2.7", "Invoice"],
            lines[0].Split('\t'));
        Assert.Equal(
            ["2024-05-06T07:08:09Z", nullSender.Id, "viruses", "virus", "Eicar-Test-Signature", "<>", "postmaster@example.net", "", "Invoice"],
            lines[1].Split('\t'));
    }

    [Fact]
    public async Task ConcurrentStoresEachWriteOneWholeLogLine()
    {
        using var root = new QuarantineRoot();
        var store = new QuarantineStore(root.Path);
        var raw = Encoding.ASCII.GetBytes("Subject: s\n\nb\n");
        var records = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => store.StoreAsync(new MemoryStream(raw), TwoRecipients, VirusVerdict, "viruses", CancellationToken.None))));
        var lines = File.ReadAllLines(store.Log.FilePath);
        Assert.Equal(40, lines.Length);
        Assert.All(lines, l => Assert.Equal(9, l.Split('\t').Length));
        Assert.Equal(40, records.Select(r => r.Id).Distinct().Count());
        Assert.Equal(40, root.Files("viruses", "new").Length);
    }

    [Fact]
    public void MaildirNamesAreUniqueAndOfTheirOwnShape()
    {
        var now = DateTimeOffset.UtcNow;
        var names = Enumerable.Range(0, 2000).Select(_ => MaildirName.Next(now)).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.True(MaildirName.IsValidId(n), n));
        Assert.StartsWith($"{now.ToUnixTimeSeconds()}.{Environment.ProcessId}_", names[0], StringComparison.Ordinal);
        Assert.False(MaildirName.IsValidId("../../etc/passwd"));
        Assert.False(MaildirName.IsValidId(names[0] + "/x"));
        Assert.True(MaildirName.TryParseFileName(names[0] + ":2,PS", out var id, out var flags));
        Assert.Equal((names[0], "PS"), (id, flags));
        Assert.False(MaildirName.TryParseFileName("1700000000.123.host", out _, out _));
    }

    [Fact]
    public async Task ListFindOpenAndDeleteWorkByIdAcrossFolders()
    {
        using var root = new QuarantineRoot();
        var clock = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var store = new QuarantineStore(root.Path, () => clock = clock.AddMinutes(1));
        var raw1 = Encoding.ASCII.GetBytes("Subject: first\r\n\r\none\r\n");
        var raw2 = Encoding.ASCII.GetBytes("Subject: =?iso-8859-1?q?gr=FC=DFe?=\n\ntwo\n");
        var a = await store.StoreAsync(new MemoryStream(raw1), TwoRecipients, VirusVerdict, "viruses", CancellationToken.None);
        var policy = new Verdict([new Finding(FindingCategory.Policy, "badsubjects:ILOVEYOU", "ILOVEYOU", "")]);
        var b = await store.StoreAsync(new MemoryStream(raw2), new Envelope(null, ["x@example.net"]), policy, "policy", CancellationToken.None);
        File.WriteAllText(Path.Combine(root.Path, "policy", "new", "not-ours"), "x");
        File.WriteAllText(Path.Combine(root.Path, "policy", "new", MaildirName.Next(clock)), "Subject: no block\n\n");

        var list = store.List();
        Assert.Equal([a.Id, b.Id], list.Select(r => r.Id));
        Assert.Equal("first", list[0].Subject);
        Assert.Equal("grüße", list[1].Subject);
        Assert.Equal("policy", list[1].Verdict);
        Assert.Null(list[1].Sender);
        Assert.Equal(["policy; rule=badsubjects:ILOVEYOU; detail=ILOVEYOU; part="], list[1].Findings);
        Assert.Equal(a.Stored, list[0].Stored);
        Assert.Equal("192.0.2.7", list[0].ClientIp);

        using (var original = store.OpenOriginal(a.Id)!)
        using (var copy = new MemoryStream())
        {
            await original.CopyToAsync(copy);
            Assert.Equal(raw1, copy.ToArray());
        }

        using (var whole = store.Open(b.Id)!)
        {
            Assert.Equal(b.Size, whole.Length);
        }

        Assert.Null(store.Find("../viruses/new/" + a.Id));
        Assert.Null(store.Open("nope"));
        Assert.True(store.Delete(a.Id));
        Assert.False(store.Delete(a.Id));
        Assert.Equal([b.Id], store.List().Select(r => r.Id));
    }

    [Fact]
    public async Task XVigilHeadersForgedInsideTheMessageAreNotTakenForOurs()
    {
        using var root = new QuarantineRoot();
        var raw = Encoding.ASCII.GetBytes("X-Vigil-Envelope-To: attacker@example.com\nX-Vigil-Verdict: clean\nSubject: hi\n\nbody\n");
        var store = new QuarantineStore(root.Path);
        var record = await store.StoreAsync(new MemoryStream(raw), TwoRecipients, VirusVerdict, "viruses", CancellationToken.None);
        var back = store.Find(record.Id)!;
        Assert.Equal(["bob@example.net", "carol@example.com"], back.Recipients);
        Assert.Equal("virus", back.Verdict);
        Assert.Equal(record.HeaderLength, back.HeaderLength);
    }

    [Fact]
    public async Task AStoredSpoolIsWrittenLikeAStream()
    {
        using var root = new QuarantineRoot();
        using var scratch = new Vigil.Mime.Spooling.ScratchDirectory(root.Path);
        using var spool = new Vigil.Mime.Spooling.ContentSpool(scratch, 1024);
        var raw = new byte[5000];
        new Random(3).NextBytes(raw);
        spool.Write(raw);
        var record = await new QuarantineStore(root.Path).StoreAsync(spool, TwoRecipients, VirusVerdict, "viruses", CancellationToken.None);
        Assert.Equal(raw, (await File.ReadAllBytesAsync(record.Path))[(int)record.HeaderLength..]);
    }

    private static byte[] RawWithEveryByte(string newline)
    {
        var head = Encoding.ASCII.GetBytes($"From: a@example.org{newline}Subject: test{newline}{newline}");
        var body = new byte[512];
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = (byte)i;
        }

        return [.. head, .. body];
    }
}
