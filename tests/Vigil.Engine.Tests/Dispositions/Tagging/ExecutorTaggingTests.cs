using System.Text;
using Vigil.Engine.Dispositions.Execution;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Scanners.Spamd;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Tests.Dispositions.Tagging;

/// <summary>The added headers as the disposition executor hands them to the doors.</summary>
public sealed class ExecutorTaggingTests
{
    private static readonly Envelope ToBob = new("a@example.org", ["bob@example.net"]) { Door = "queue" };

    [Fact]
    public async Task DeliveredSpamCarriesTheSpamHeadersInTheResult()
    {
        var result = new Judgement(null, new Verdict([SpamBands.FindingFor("spamd", SpamBand.Tag, new SpamScore(1000, 5, ["GTUBE"], true))!]), TimeSpan.Zero);

        var outcome = await Executor("").ExecuteAsync(result, ToBob, new MemoryStream("Subject: x\n\nXJS\n"u8.ToArray()));

        Assert.Equal(DispositionOutcome.Deliver, outcome.Outcome);
        Assert.StartsWith("X-Spam-Flag: YES\nX-Spam-Score: 1000.0\n", Encoding.ASCII.GetString(outcome.AddedHeaders), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuarantinedSpamGetsNoHeaders()
    {
        var root = Directory.CreateTempSubdirectory("vigil-tag-test-").FullName;
        try
        {
            var result = new Judgement(null, new Verdict([SpamBands.FindingFor("spamd", SpamBand.Quarantine, new SpamScore(1000, 5, ["GTUBE"], true))!]), TimeSpan.Zero);

            var outcome = await Executor("quarantine=" + root).ExecuteAsync(result, ToBob, new MemoryStream("Subject: x\n\nXJS\n"u8.ToArray()));

            Assert.Equal(DispositionOutcome.Quarantined, outcome.Outcome);
            Assert.Empty(outcome.AddedHeaders);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task CleanMailGetsNoHeadersUnlessTheStatusHeaderIsOn()
    {
        var clean = new Judgement(null, new Verdict([]), TimeSpan.Zero);

        var off = await Executor("").ExecuteAsync(clean, ToBob, new MemoryStream("Subject: x\r\n\r\nhi\r\n"u8.ToArray()));
        var on = await Executor("statusheader=yes").ExecuteAsync(clean, ToBob, new MemoryStream("Subject: x\r\n\r\nhi\r\n"u8.ToArray()));

        Assert.Empty(off.AddedHeaders);
        Assert.Equal("X-Vigil-Status: clean\r\n", Encoding.ASCII.GetString(on.AddedHeaders));
    }

    private static DispositionExecutor Executor(string line)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (line.Length > 0)
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            values[line[..eq]] = line[(eq + 1)..];
        }

        return new DispositionExecutor(new PolicyOptions(values));
    }
}
