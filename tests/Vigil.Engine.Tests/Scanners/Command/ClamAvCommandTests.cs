using System.Text;
using Vigil.Engine.Scanners.Command;
using Vigil.Engine.Verdicts;
using static Vigil.Engine.Tests.Scanners.ClamdTestMail;

namespace Vigil.Engine.Tests.Scanners.Command;

/// <summary>clamdscan and clamscan as command scanners, against the tests' real clamd and its private signatures.</summary>
[Collection(ClamdCollection.Name)]
public sealed class ClamAvCommandTests(ClamdFixture clamd)
{
    private const string EicarName = "Eicar-Test-Signature";

    private string Config => "--config-file=" + Path.Combine(clamd.RunDir, "clamd.conf");

    private static CommandScanner Scanner(params string[] tokens)
    {
        Assert.True(CommandScannerOptions.TryParse(tokens, out var options, out var error), error);
        return new CommandScanner(options!);
    }

    [Fact]
    public async Task ClamdscanReadingStdinFindsEicarInTheRawMessageAndItsNameIsParsed()
    {
        var scanner = Scanner("clamdscan", "clamdscan", Config, "--no-summary", "-");
        var finding = Assert.Single(await CommandTestScan.FindingsAsync(scanner, WithAttachment("eicar.com", Eicar)));
        Assert.Equal(FindingCategory.Virus, finding.Category);
        Assert.StartsWith(EicarName, finding.Rule, StringComparison.Ordinal);
        Assert.Equal("", finding.PartPath);
        Assert.Equal("raw message (command clamdscan)", finding.Detail);
    }

    [Fact]
    public async Task ClamdscanStreamingAGeneratedFileFindsEicarInTheAttachment()
    {
        var scanner = Scanner("clamdscan", "clamdscan", Config, "--no-summary", "--stream", "{file}", "target=entities");
        var finding = Assert.Single(await CommandTestScan.FindingsAsync(scanner, WithAttachment("eicar.com", Eicar)));
        Assert.StartsWith(EicarName, finding.Rule, StringComparison.Ordinal);
        Assert.Equal("2", finding.PartPath);
        Assert.Equal("eicar.com (command clamdscan)", finding.Detail);
    }

    [Fact]
    public async Task ClamdscanCallsACleanMessageCleanInEveryTarget()
    {
        foreach (var target in (string[])["raw", "entities", "both"])
        {
            var stdin = Scanner("c", "clamdscan", Config, "--no-summary", "-", "target=" + target);
            var file = Scanner("c", "clamdscan", Config, "--no-summary", "--stream", "{file}", "target=" + target);
            Assert.Empty(await CommandTestScan.FindingsAsync(stdin, Clean));
            Assert.Empty(await CommandTestScan.FindingsAsync(file, Clean));
        }
    }

    [Fact]
    public async Task ClamdscanWithoutAReachableClamdIsAnErrorNotClean()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-clamdscan-").FullName;
        try
        {
            var config = Path.Combine(dir, "clamd.conf");
            await File.WriteAllTextAsync(config, $"LocalSocket {Path.Combine(dir, "nobody-listens.sock")}\n");
            var scanner = Scanner("clamdscan", "clamdscan", "--config-file=" + config, "--no-summary", "-");
            var finding = Assert.Single(await CommandTestScan.FindingsAsync(scanner, WithAttachment("eicar.com", Eicar)));
            Assert.Equal(FindingCategory.Error, finding.Category);
            Assert.Equal("command:clamdscan:error", finding.Rule);
            Assert.Contains("exit code 2", finding.Detail, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task ClamscanWithThePrivateDatabaseFindsEicarOnStdin()
    {
        // clamscan loads its database on every run; ours holds two hashes, so that is quick.
        var scanner = Scanner("clamscan", "clamscan", "-d", Path.Combine(clamd.RunDir, "db"), "--no-summary", "-", "timeout=30");
        var virus = Assert.Single(await CommandTestScan.FindingsAsync(scanner, WithAttachment("eicar.com", Eicar)));
        Assert.StartsWith(EicarName, virus.Rule, StringComparison.Ordinal);
        Assert.Empty(await CommandTestScan.FindingsAsync(scanner, WithAttachment("notes.txt", Encoding.ASCII.GetBytes("just notes\n"))));
    }
}
