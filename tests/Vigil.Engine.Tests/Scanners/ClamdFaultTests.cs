using System.Diagnostics;
using System.Text;
using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanners;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Testing;
using static Vigil.Engine.Tests.Scanners.ClamdTestMail;

namespace Vigil.Engine.Tests.Scanners;

/// <summary>What happens when clamd is away, hangs, talks nonsense or refuses the size: never "clean".</summary>
public sealed class ClamdFaultTests
{
    private static readonly ClamdTimeouts Short = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));

    private static Task<Judgement> ScanWithAsync(ClamdAddress address, string mail) =>
        new MessageJudge(new MessageAnalyzer(), new PolicyProvider((string?)null), [new ClamdScanner(new ClamdClient(address, Short))])
            .JudgeAsync(Stream(mail));

    [Fact]
    public async Task AMissingUnixSocketIsAnUnreachableErrorNeverClean()
    {
        using var result = await ScanWithAsync(ClamdAddress.Unix("/nonexistent/clamd.sock"), Clean);
        Assert.Equal(VerdictKind.Error, result.Verdict.Kind);
        var finding = Assert.Single(result.Verdict.Findings);
        Assert.Equal("clamd:unreachable", finding.Rule);
        Assert.Equal("", finding.PartPath);
        Assert.Contains("unix:/nonexistent/clamd.sock", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedTcpConnectionIsAnUnreachableResult()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await new ClamdClient(ClamdAddress.Tcp("127.0.0.1", port), Short).ScanStreamAsync(new MemoryStream(Eicar));
        Assert.Equal(ClamdOutcome.Error, result.Outcome);
        Assert.True(result.Unreachable);
        var ping = await new ClamdClient(ClamdAddress.Tcp("127.0.0.1", port), Short).PingAsync();
        Assert.False(ping.Ok);
    }

    [Fact]
    public async Task AStallingServerTimesOutIntoAnErrorFinding()
    {
        using var fake = new FakeClamd(async (s, ct) =>
        {
            await FakeClamd.ReadRequestAsync(s, ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        var watch = Stopwatch.StartNew();
        using var result = await ScanWithAsync(fake.Address, WithAttachment("a.bin", [1, 2, 3]));
        Assert.Equal(VerdictKind.Error, result.Verdict.Kind);
        var finding = Assert.Single(result.Verdict.Findings, f => f.Category == FindingCategory.Error);
        Assert.Equal("clamd:error", finding.Rule);
        Assert.Contains("silent", finding.Detail, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task AServerThatNeverReadsHitsTheTotalTimeout()
    {
        // It accepts and then does nothing: a large stream fills the socket buffers and sending stalls.
        using var fake = new FakeClamd((_, ct) => Task.Delay(Timeout.Infinite, ct));
        var client = new ClamdClient(fake.Address, new ClamdTimeouts(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)));
        var watch = Stopwatch.StartNew();
        var result = await client.ScanStreamAsync(new MemoryStream(new byte[64 * 1024 * 1024]));
        Assert.Equal(ClamdOutcome.Error, result.Outcome);
        Assert.Contains("total timeout", result.Detail, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task AGarbageReplyIsAnErrorNotClean()
    {
        using var fake = new FakeClamd(async (s, ct) =>
        {
            await FakeClamd.ReadRequestAsync(s, ct);
            await FakeClamd.ReplyAsync(s, "HTTP/1.1 400 Bad Request\r\n\r\nstream: OK", ct);
        });
        using var result = await ScanWithAsync(fake.Address, Clean);
        Assert.Equal(VerdictKind.Error, result.Verdict.Kind);
        Assert.Contains("unexpected reply", result.Verdict.Worst!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConnectionClosedWithoutAReplyIsAnError()
    {
        using var fake = new FakeClamd(async (s, ct) =>
        {
            await FakeClamd.ReadRequestAsync(s, ct);
            s.Close();
        });
        using var result = await ScanWithAsync(fake.Address, Clean);
        Assert.Equal(VerdictKind.Error, result.Verdict.Kind);
        Assert.Contains("without a reply", result.Verdict.Worst!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASizeLimitReplyIsALimitsFindingForThatPart()
    {
        // Like clamd: answer after the first chunk and hang up while the client is still sending.
        using var fake = new FakeClamd(async (s, ct) =>
        {
            // "zIDSESSION\0" first when the client keeps a session; clamd then numbers its reply.
            var header = new byte[11];
            await s.ReadExactlyAsync(header, ct);
            var session = Encoding.ASCII.GetString(header) == "zIDSESSION\0";
            await s.ReadExactlyAsync(new byte[session ? 10 + 4 : 3], ct);
            await FakeClamd.ReplyRawAsync(s, (session ? "1: " : "") + "INSTREAM size limit exceeded. ERROR", ct);
            s.Close();
        });
        using var result = await ScanWithAsync(fake.Address, WithAttachment("big.bin", new byte[300_000]));
        Assert.Equal(VerdictKind.Limits, result.Verdict.Kind);
        Assert.Contains(result.Verdict.Findings, f => f.Category == FindingCategory.Limits && f.Rule == "clamd:size-limit" && f.PartPath == "2");
        Assert.Contains(result.Verdict.Findings, f => f.Rule == "clamd:size-limit" && f.PartPath == "");
    }

    [Theory]
    [InlineData("Heuristics.Encrypted.Zip", FindingCategory.Policy)]
    [InlineData("Heuristics.Limits.Exceeded.MaxFileSize", FindingCategory.Limits)]
    [InlineData("Win.Test.EICAR_HDB-1", FindingCategory.Virus)]
    public async Task HeuristicNamesAreNotViruses(string signature, FindingCategory expected)
    {
        using var fake = new FakeClamd(async (s, ct) =>
        {
            await FakeClamd.ReadRequestAsync(s, ct);
            await FakeClamd.ReplyAsync(s, $"stream: {signature} FOUND", ct);
        });
        using var result = await ScanWithAsync(fake.Address, WithAttachment("a.bin", [1, 2, 3]));
        var finding = Assert.Single(result.Verdict.Findings, f => f.Rule == signature && f.PartPath == "2");
        Assert.Equal(expected, finding.Category);
    }

    [Fact]
    public async Task ContentIsSentInBigEndianChunksEndedByAZeroLength()
    {
        var received = new TaskCompletionSource<(string, byte[])>();
        using var fake = new FakeClamd(async (s, ct) =>
        {
            var request = await FakeClamd.ReadRequestAsync(s, ct);
            received.TrySetResult(request);
            await FakeClamd.ReplyAsync(s, "stream: OK", ct);
        });
        var content = new byte[200_000];
        new Random(7).NextBytes(content);

        var result = await new ClamdClient(fake.Address, Short).ScanStreamAsync(new MemoryStream(content));
        var (command, payload) = await received.Task;
        Assert.Equal(ClamdResult.Clean, result);
        Assert.Equal("zINSTREAM", command);
        Assert.Equal(content, payload);
    }

    [Fact]
    public async Task PlainTextPartsAreNotSentTwiceButDecodedOnesAre()
    {
        var requests = new List<int>();
        using var fake = new FakeClamd(async (s, ct) =>
        {
            var (_, payload) = await FakeClamd.ReadRequestAsync(s, ct);
            lock (requests)
            {
                requests.Add(payload.Length);
            }

            await FakeClamd.ReplyAsync(s, "stream: OK", ct);
        });

        // Clean has a plain text part (read by clamd in the raw message) and a base64 one.
        var mail = Clean;
        using var result = await ScanWithAsync(fake.Address, mail);
        Assert.True(result.Verdict.IsClean);

        // The raw message is sent while the parser works, so it may come first.
        requests.Sort();
        Assert.Equal([11, mail.Length], requests);
    }
}
