using System.Text;
using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanners;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using static Vigil.Engine.Tests.Scanners.ClamdTestMail;

namespace Vigil.Engine.Tests.Scanners;

/// <summary>The whole path, message to verdict, against a real clamd with our private signatures.</summary>
[Collection(ClamdCollection.Name)]
public sealed class RealClamdTests(ClamdFixture clamd)
{
    private const string EicarName = "Eicar-Test-Signature";

    private MessageJudge Scanner(ClamdScanMode mode = ClamdScanMode.Both) =>
        new(new MessageAnalyzer(), new PolicyProvider((string?)null), [new ClamdScanner(new ClamdClient(clamd.Unix), mode)]);

    private Task<Judgement> ScanAsync(string mail, ClamdScanMode mode = ClamdScanMode.Both) => Scanner(mode).JudgeAsync(Stream(mail));

    private static Finding Virus(Judgement result, string signaturePrefix, string partPath)
    {
        // Our database is not an official one, so clamd adds ".UNOFFICIAL" to the names.
        return Assert.Single(result.Verdict.Findings, f =>
            f.Category == FindingCategory.Virus && f.Rule.StartsWith(signaturePrefix, StringComparison.Ordinal) && f.PartPath == partPath);
    }

    [Fact]
    public async Task PingAnswersPongOverTheUnixSocketAndTcp()
    {
        var unix = await new ClamdClient(clamd.Unix).PingAsync();
        var tcp = await new ClamdClient(clamd.Tcp).PingAsync();
        Assert.True(unix.Ok, unix.Text);
        Assert.Equal("PONG", unix.Text);
        Assert.True(tcp.Ok, tcp.Text);
    }

    [Fact]
    public async Task VersionNamesTheClamAvEngine()
    {
        var version = await new ClamdClient(clamd.Tcp).VersionAsync();
        Assert.True(version.Ok, version.Text);
        Assert.StartsWith("ClamAV 1.", version.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBareEicarFileIsFoundAndACleanFileIsNot()
    {
        var client = new ClamdClient(clamd.Tcp);
        var eicar = await client.ScanStreamAsync(new MemoryStream(Eicar));
        var clean = await client.ScanStreamAsync(new MemoryStream(Encoding.ASCII.GetBytes("nothing to see here\n")));
        Assert.Equal(ClamdOutcome.Infected, eicar.Outcome);
        Assert.StartsWith(EicarName, eicar.Signature, StringComparison.Ordinal);
        Assert.Equal(ClamdResult.Clean, clean);
    }

    [Fact]
    public async Task AStreamOverStreamMaxLengthIsUnscannableNotClean()
    {
        // clamd.sh sets StreamMaxLength 10M; clamd answers and hangs up while we are still sending.
        var big = new MemoryStream(new byte[11 * 1024 * 1024]);
        var result = await new ClamdClient(clamd.Unix).ScanStreamAsync(big);
        Assert.Equal(ClamdOutcome.SizeLimit, result.Outcome);
    }

    [Fact]
    public async Task EicarAsABase64AttachmentIsAVirusInPartTwo()
    {
        using var result = await ScanAsync(WithAttachment("eicar.com", Eicar));
        Assert.Equal(VerdictKind.Virus, result.Verdict.Kind);
        var finding = Virus(result, EicarName, "2");
        Assert.Equal("eicar.com", finding.Detail);
        Assert.Same(finding, result.Verdict.Worst);
    }

    [Fact]
    public async Task EicarInsideAZipInsideAZipIsFoundAtEveryLevel()
    {
        var inner = Zip("eicar.com", Eicar);
        var outer = Zip("inner.zip", inner);
        using var result = await ScanAsync(WithAttachment("outer.zip", outer, "application/zip"));
        Assert.Equal(VerdictKind.Virus, result.Verdict.Kind);
        Virus(result, EicarName, "2/inner.zip/eicar.com");
        Virus(result, EicarName, "2");
    }

    [Fact]
    public async Task EicarUuencodedInATextBodyIsFound()
    {
        var mail = "From: a@example.test\r\nSubject: uu\r\n\r\nHere it comes:\r\n\r\n" + Uuencode("eicar.com", Eicar) + "\r\nbye\r\n";
        using var result = await ScanAsync(mail);
        Assert.Equal(VerdictKind.Virus, result.Verdict.Kind);
        Virus(result, EicarName, "eicar.com");
    }

    [Fact]
    public async Task EicarBehindJunkLadenBase64IsFound()
    {
        // Characters outside the alphabet and broken line lengths, as in mails made to slip past scanners.
        var junky = new StringBuilder();
        var i = 0;
        foreach (var c in EicarBase64)
        {
            junky.Append(c);
            if (++i % 7 == 0)
            {
                junky.Append(i % 2 == 0 ? "!*" : " \r\n");
            }
        }

        using var result = await ScanAsync(WithEncodedAttachment("e.com", junky.ToString()));
        Assert.Equal(VerdictKind.Virus, result.Verdict.Kind);
        Virus(result, EicarName, "2");
    }

    [Fact]
    public async Task ACleanMailIsClean()
    {
        using var result = await ScanAsync(Clean);
        Assert.Equal(VerdictKind.Clean, result.Verdict.Kind);
        Assert.Empty(result.Verdict.Findings);
    }

    [Theory]
    [InlineData(ClamdScanMode.Raw)]
    [InlineData(ClamdScanMode.Entities)]
    [InlineData(ClamdScanMode.Both)]
    public async Task EveryModeFindsEicarInABase64Attachment(ClamdScanMode mode)
    {
        using var result = await ScanAsync(WithAttachment("eicar.com", Eicar), mode);
        Assert.Equal(VerdictKind.Virus, result.Verdict.Kind);
        Virus(result, EicarName, mode == ClamdScanMode.Raw ? "" : "2");
    }

    [Fact]
    public async Task AMessageLargerThanTheSpoolThresholdIsSentWhole()
    {
        // 3 MB of text after the attachment pushes the raw copy past the 1 MB in-memory threshold.
        var filler = new string('x', 76) + "\r\n";
        var mail = WithAttachment("eicar.com", Eicar).Replace("--XX--\r\n", "--XX\r\nContent-Type: text/plain\r\n\r\n" + string.Concat(Enumerable.Repeat(filler, 40_000)) + "--XX--\r\n", StringComparison.Ordinal);
        using var result = await ScanAsync(mail, ClamdScanMode.Raw);
        Assert.True(result.Analysis!.MessageSize > 3_000_000);
        Virus(result, EicarName, "");
    }

    [Fact]
    public async Task EveryClamavTestFileAttachedInBase64IsFound()
    {
        const string dir = "/usr/share/clamav-testfiles";
        Assert.True(Directory.Exists(dir), "clamav-testfiles is not installed (scripts/clamd.sh install installs it as root)");
        var files = Directory.GetFiles(dir);
        Assert.NotEmpty(files);
        var scanner = Scanner();
        var missed = new List<string>();
        foreach (var file in files)
        {
            using var result = await scanner.JudgeAsync(Stream(WithAttachment(Path.GetFileName(file), File.ReadAllBytes(file))));
            if (!result.Verdict.Findings.Any(f => f.Category == FindingCategory.Virus && f.Rule.StartsWith("ClamAV-Test-File", StringComparison.Ordinal)))
            {
                missed.Add($"{Path.GetFileName(file)}: {result.Verdict.Word} {result.Verdict.Worst?.Rule}");
            }
        }

        Assert.True(missed.Count == 0, $"{missed.Count} of {files.Length} not found: {string.Join("; ", missed)}");
    }
}
