using System.Text;
using Vigil.Engine.Scanners.CommandApi;
using Vigil.Engine.Tests.Scanners.Command;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Tests.Scanners.CommandApi;

/// <summary>The command API with shell scripts as the called program.</summary>
public sealed class CommandApiScannerTests : IDisposable
{
    private readonly ScriptDirectory _dir = new();
    private readonly ScratchDirectory _scratch = new();

    public void Dispose()
    {
        _scratch.Dispose();
        _dir.Dispose();
    }

    private static CommandApiScanner Scanner(string line, EnvelopeInfo? envelope = null)
    {
        Assert.True(CommandApiOptions.TryParse(line.Split(' '), out var options, out var error), error);
        return new CommandApiScanner(options!, envelope);
    }

    private ContentSpool Message(string text)
    {
        var spool = new ContentSpool(_scratch, 1 << 20);
        spool.Write(Encoding.Latin1.GetBytes(text));
        return spool;
    }

    /// <summary>A filter that reads the message on stdin and answers by what it finds.</summary>
    private string Filter() => _dir.Script(
        "filter.sh",
        "body=$(cat)\n" +
        "case \"$body\" in\n  *viagra*) echo 'spammy words'; exit 1 ;;\n  *confidential*) echo 'leak'; exit 2 ;;\n  *odd*) exit 5 ;;\nesac\nexit 0");

    [Fact]
    public async Task TheProgramsExitCodeBecomesTheMappedFinding()
    {
        var scanner = Scanner($"dlp /bin/sh {Filter()} map=1:spam,2:policy,3:virus");
        using var spam = Message("Subject: offer\r\n\r\ncheap viagra\r\n");
        using var leak = Message("Subject: q3\r\n\r\nconfidential numbers\r\n");
        using var clean = Message("Subject: lunch\r\n\r\nnoon?\r\n");

        var spamFinding = Assert.Single(await scanner.ScanAsync(spam, EnvelopeInfo.Empty, CancellationToken.None));
        var leakFinding = Assert.Single(await scanner.ScanAsync(leak, EnvelopeInfo.Empty, CancellationToken.None));

        Assert.Equal(new Finding(FindingCategory.Spam, "commandapi:dlp:1", "commandapi dlp: spammy words", ""), spamFinding);
        Assert.Equal(new Finding(FindingCategory.Policy, "commandapi:dlp:2", "commandapi dlp: leak", ""), leakFinding);
        Assert.Empty(await scanner.ScanAsync(clean, EnvelopeInfo.Empty, CancellationToken.None));
    }

    [Fact]
    public async Task AnUnmappedExitCodeIsAnError()
    {
        using var odd = Message("Subject: odd\r\n\r\nodd\r\n");
        var finding = Assert.Single(await Scanner($"dlp /bin/sh {Filter()} map=1:spam").ScanAsync(odd, EnvelopeInfo.Empty, CancellationToken.None));
        Assert.Equal(FindingCategory.Error, finding.Category);
        Assert.Equal("commandapi:dlp:5", finding.Rule);
        Assert.Equal("commandapi dlp: unmapped exit code 5", finding.Detail);
    }

    [Fact]
    public async Task TheEnvelopeReachesTheProgramAsQmailLocalsVariables()
    {
        var output = _dir.File("env");
        var script = _dir.Script(
            "env.sh",
            $"cat > /dev/null\nprintf '%s|%s|%s|%s|%s|%s|%s' \"$SENDER\" \"$RECIPIENT\" \"$LOCAL\" \"$HOST\" \"$EXT\" \"$USER\" \"$DTLINE\" > '{output}'");
        var envelope = new EnvelopeInfo("alice@example.test", "bob-news@example.org", "bob-news", "example.org", "news", "bob", "Delivered-To: bob-news@example.org\n");
        using var message = Message("Subject: hi\r\n\r\nhi\r\n");

        // Through the IContentScanner door, with the envelope given to the scanner.
        var scanner = Scanner($"env /bin/sh {script}", envelope);
        using var analysis = new Analysis.MessageAnalyzer().Analyze(message.OpenRead());
        Assert.Empty(await scanner.ScanAsync(analysis, message, CancellationToken.None));

        Assert.Equal(
            "alice@example.test|bob-news@example.org|bob-news|example.org|news|bob|Delivered-To: bob-news@example.org\n",
            await File.ReadAllTextAsync(output));
    }

    [Fact]
    public async Task WithoutAnEnvelopeTheVariablesAreSetButEmpty()
    {
        var output = _dir.File("env");
        var script = _dir.Script("env.sh", $"cat > /dev/null\n[ \"${{SENDER+set}}\" = set ] && printf '[%s][%s]' \"$SENDER\" \"$USER\" > '{output}'");
        using var message = Message("Subject: hi\r\n\r\nhi\r\n");
        Assert.Empty(await Scanner($"env /bin/sh {script}").ScanAsync(message, EnvelopeInfo.Empty, CancellationToken.None));
        Assert.Equal("[][]", await File.ReadAllTextAsync(output));
    }

    [Fact]
    public async Task AProgramThatHangsIsKilledAtTheTimeoutAndGivesAnError()
    {
        var script = _dir.Script("hang.sh", $"echo $$ > '{_dir.File("main.pid")}'\nsleep 600 &\necho $! > '{_dir.File("child.pid")}'\nsleep 600");
        using var message = Message("Subject: hi\r\n\r\nhi\r\n");
        var finding = Assert.Single(await Scanner($"slow /bin/sh {script} timeout=1").ScanAsync(message, EnvelopeInfo.Empty, CancellationToken.None));
        Assert.Equal(FindingCategory.Error, finding.Category);
        Assert.Equal("commandapi:slow:timeout", finding.Rule);
        Assert.True(finding.TimedOut, "scanner health counts it as a timeout");
        Assert.True(Processes.DiesSoon(_dir.Pid("main.pid")));
        Assert.True(Processes.DiesSoon(_dir.Pid("child.pid")));
    }

    [Fact]
    public async Task AMissingProgramIsAnError()
    {
        using var message = Message("Subject: hi\r\n\r\nhi\r\n");
        var finding = Assert.Single(await Scanner("gone /nonexistent/bogofilter").ScanAsync(message, EnvelopeInfo.Empty, CancellationToken.None));
        Assert.Equal(FindingCategory.Error, finding.Category);
        Assert.Equal("commandapi:gone:error", finding.Rule);
        Assert.False(finding.TimedOut);
    }
}
