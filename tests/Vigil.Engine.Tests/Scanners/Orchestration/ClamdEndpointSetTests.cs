using System.Net;
using System.Net.Sockets;
using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Scanners.Configuration;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Testing;
using static Vigil.Engine.Tests.Scanners.ClamdTestMail;

namespace Vigil.Engine.Tests.Scanners.Orchestration;

/// <summary>Round-robin, the connection limit and maxsize, counted on fake clamds that answer OK.</summary>
public sealed class ClamdEndpointSetTests
{
    private static readonly ClamdTimeouts Short = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));

    private static FakeClamd CountingOk(Action<byte[]> onScan, TimeSpan hold = default) => new(async (s, ct) =>
    {
        var (command, payload) = await FakeClamd.ReadRequestAsync(s, ct);
        if (command == "zINSTREAM")
        {
            onScan(payload);
        }

        if (hold > TimeSpan.Zero)
        {
            await Task.Delay(hold, ct);
        }

        await FakeClamd.ReplyAsync(s, command == "zPING" ? "PONG" : "stream: OK", ct);
    });

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Fact]
    public async Task RequestsTakeTurnsBetweenTwoEndpoints()
    {
        var first = 0;
        var second = 0;
        using var a = CountingOk(_ => Interlocked.Increment(ref first));
        using var b = CountingOk(_ => Interlocked.Increment(ref second));
        var set = new ClamdEndpointSet([new ClamdClient(a.Address, Short), new ClamdClient(b.Address, Short)]);
        for (var i = 0; i < 10; i++)
        {
            var result = await set.ScanAsync(() => new MemoryStream("hello"u8.ToArray()), CancellationToken.None);
            Assert.Equal(ClamdOutcome.Clean, result.Outcome);
        }

        Assert.Equal(5, first);
        Assert.Equal(5, second);
    }

    [Fact]
    public async Task AnUnreachableEndpointIsSkippedAndTheRequestGoesToTheNext()
    {
        var scanned = 0;
        using var up = CountingOk(_ => Interlocked.Increment(ref scanned));
        var down = ClamdAddress.Tcp("127.0.0.1", FreePort());
        var set = new ClamdEndpointSet([new ClamdClient(down, Short), new ClamdClient(up.Address, Short)]);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(ClamdOutcome.Clean, (await set.ScanAsync(() => new MemoryStream("x"u8.ToArray()), CancellationToken.None)).Outcome);
        }

        Assert.Equal(4, scanned);
    }

    [Fact]
    public async Task WhenNoEndpointAnswersTheResultIsUnreachableNamingEach()
    {
        var one = ClamdAddress.Tcp("127.0.0.1", FreePort());
        var two = ClamdAddress.Unix("/nonexistent/clamd.sock");
        var set = new ClamdEndpointSet([new ClamdClient(one, Short), new ClamdClient(two, Short)]);
        var result = await set.ScanAsync(() => new MemoryStream("x"u8.ToArray()), CancellationToken.None);
        Assert.Equal(ClamdOutcome.Error, result.Outcome);
        Assert.True(result.Unreachable);
        Assert.Contains(one.ToString(), result.Detail, StringComparison.Ordinal);
        Assert.Contains(two.ToString(), result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoMoreThanMaxConnectionsRequestsAreOpenAtOnce()
    {
        var open = 0;
        var most = 0;
        using var fake = new FakeClamd(async (s, ct) =>
        {
            var now = Interlocked.Increment(ref open);
            lock (typeof(ClamdEndpointSetTests))
            {
                most = Math.Max(most, now);
            }

            var (command, _) = await FakeClamd.ReadRequestAsync(s, ct);
            await Task.Delay(50, ct);
            Interlocked.Decrement(ref open);
            await FakeClamd.ReplyAsync(s, "stream: OK", ct);
        });
        var set = new ClamdEndpointSet([new ClamdClient(fake.Address, Short)], maxConnections: 2);
        var scans = new Task<ClamdResult>[8];
        for (var i = 0; i < scans.Length; i++)
        {
            scans[i] = Task.Run(() => set.ScanAsync(() => new MemoryStream("x"u8.ToArray()), CancellationToken.None));
        }

        foreach (var r in await Task.WhenAll(scans))
        {
            Assert.Equal(ClamdOutcome.Clean, r.Outcome);
        }

        Assert.InRange(most, 1, 2);
    }

    [Fact]
    public async Task APartAboveMaxSizeIsALimitsFindingAndIsNeverSent()
    {
        var sizes = new List<int>();
        using var fake = CountingOk(p =>
        {
            lock (sizes)
            {
                sizes.Add(p.Length);
            }
        });
        var clamd = new ClamdScanner(new ClamdEndpointSet([new ClamdClient(fake.Address, Short)]), ClamdScanMode.Entities, maxSize: 1000);
        var engine = new MessageJudge(new MessageAnalyzer(), new PolicyProvider((string?)null), [clamd]);
        using var result = await engine.JudgeAsync(Stream(WithAttachment("big.bin", new byte[5000])));

        Assert.Equal(VerdictKind.Limits, result.Verdict.Kind);
        var limit = Assert.Single(result.Verdict.Findings, f => f.Category == FindingCategory.Limits);
        Assert.Equal("clamd:size-limit", limit.Rule);
        Assert.Equal("2", limit.PartPath);
        Assert.Contains("maxsize=1000", limit.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(5000, sizes);
    }

    [Fact]
    public async Task ARawMessageAboveMaxSizeIsNotSentEither()
    {
        var sent = 0;
        using var fake = CountingOk(_ => Interlocked.Increment(ref sent));
        var clamd = new ClamdScanner(new ClamdEndpointSet([new ClamdClient(fake.Address, Short)]), ClamdScanMode.Raw, maxSize: 100);
        var engine = new MessageJudge(new MessageAnalyzer(), new PolicyProvider((string?)null), [clamd]);
        using var result = await engine.JudgeAsync(Stream(Clean));
        Assert.Equal(VerdictKind.Limits, result.Verdict.Kind);
        Assert.Equal(0, sent);
    }

    [Fact]
    public async Task AClamdLineWithTwoAddressesSpreadsTheMessagesOfAScannersFile()
    {
        var first = 0;
        var second = 0;
        using var a = CountingOk(_ => Interlocked.Increment(ref first));
        using var b = CountingOk(_ => Interlocked.Increment(ref second));
        var dir = Path.Combine(Path.GetTempPath(), "vigil-rr-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, ScannerFileNames.Scanners), $"clamd {a.Address} {b.Address} mode=raw timeout=10\n");
            var engine = new MessageJudge(new MessageAnalyzer(), new PolicyProvider(dir), new ScannerProvider(new ControlLayers([dir])));
            for (var i = 0; i < 6; i++)
            {
                using var result = await engine.JudgeAsync(Stream(Clean));
                Assert.Equal(VerdictKind.Clean, result.Verdict.Kind);
            }

            Assert.Equal(3, first);
            Assert.Equal(3, second);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
