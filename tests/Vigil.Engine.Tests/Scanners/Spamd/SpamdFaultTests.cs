using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Scanners.Spamd;
using Vigil.Engine.Verdicts;
using static Vigil.Engine.Tests.Scanners.Spamd.SpamTestMail;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Scanners.Spamd;

/// <summary>Failures a real spamd will not produce on demand: nobody listening, a stall, garbage.</summary>
public sealed class SpamdFaultTests
{
    private static readonly byte[] Mail = Encoding.ASCII.GetBytes("From: a@example.test\r\nSubject: hi\r\n\r\n" + Gtube + "\r\n");

    private static SpamdScanner Scanner(string line)
    {
        Assert.True(SpamdScannerOptions.TryParse(Tokens(line), out var options, out var error), error);
        return new SpamdScanner(options!);
    }

    [Fact]
    public async Task AnUnreachableSpamdIsAnErrorNeverClean()
    {
        var port = PeerScript.FreePort();
        using var result = await ScanAsync(Scanner($"tcp:127.0.0.1:{port} reject=15"), Mail);
        Assert.Equal(VerdictKind.Error, result.Verdict.Kind);
        var finding = Assert.Single(result.Verdict.Findings);
        Assert.Equal("spamd:unreachable", finding.Rule);
        Assert.Null(finding.Action);
    }

    [Fact]
    public async Task AnUnreachableOptionalSpamdIsLoggedButDoesNotBlock()
    {
        var port = PeerScript.FreePort();
        using var result = await ScanAsync(Scanner($"tcp:127.0.0.1:{port} reject=15 optional"), Mail);
        Assert.Equal(VerdictKind.Clean, result.Verdict.Kind);
        var finding = Assert.Single(result.Verdict.Findings);
        Assert.Equal(FindingCategory.Error, finding.Category);
        Assert.Equal(RuleAction.Monitor, finding.Action);
    }

    [Fact]
    public async Task ASpamdThatStallsTimesOutAsAnError()
    {
        using var fake = new FakeServer(async (s, ct) => await Task.Delay(Timeout.Infinite, ct));
        using var result = await ScanAsync(Scanner($"{fake.Address} reject=15 timeout=1"), Mail);
        Assert.Equal(VerdictKind.Error, result.Verdict.Kind);
        var finding = Assert.Single(result.Verdict.Findings);
        Assert.Equal("spamd:error", finding.Rule);
        Assert.Contains("1 s", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageInsteadOfAReplyIsAnError()
    {
        using var fake = new FakeServer(async (s, ct) =>
        {
            // The whole request first: a reply sent while the client still writes can reset the
            // connection, and the client would rightly report that instead of the reply.
            await FakeServer.ReadToCloseAsync(s, ct);
            await s.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.0 400 what?\r\n\r\n"), ct);
        });
        using var result = await ScanAsync(Scanner($"{fake.Address} reject=15"), Mail);
        Assert.Equal(VerdictKind.Error, result.Verdict.Kind);
        Assert.Contains("unexpected reply", result.Verdict.Worst!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusalWithAnExitCodeIsAnError()
    {
        using var fake = new FakeServer(async (s, ct) =>
        {
            // The whole request first: a reply sent while the client still writes can reset the
            // connection, and the client would rightly report that instead of the reply.
            await FakeServer.ReadToCloseAsync(s, ct);
            await s.WriteAsync(Encoding.ASCII.GetBytes("SPAMD/1.0 76 Bad header line: (Content-Length contains non-numeric bytes)\r\n"), ct);
        });
        var result = await new SpamdClient(ClamdAddress.Parse(fake.Address)).CheckAsync(new MemoryStream(Mail), Mail.Length);
        Assert.Equal(SpamdOutcome.Error, result.Outcome);
        Assert.Contains("76 Bad header line", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestCarriesTheVerbTheLengthAndTheWholeMessage()
    {
        var seen = new TaskCompletionSource<string>();
        using var fake = new FakeServer(async (s, ct) =>
        {
            var request = await FakeServer.ReadToCloseAsync(s, ct);
            seen.TrySetResult(request);
            await s.WriteAsync(Encoding.ASCII.GetBytes("SPAMD/1.1 0 EX_OK\r\nContent-length: 5\r\nSpam: False ; 1.5 / 5.0\r\n\r\nA,B_C"), ct);
        });
        var result = await new SpamdClient(ClamdAddress.Parse(fake.Address)).CheckAsync(new MemoryStream(Mail), Mail.Length);
        var request = await seen.Task;
        Assert.StartsWith($"SYMBOLS SPAMC/1.5\r\nContent-length: {Mail.Length}\r\n\r\n", request, StringComparison.Ordinal);
        Assert.EndsWith(Gtube + "\r\n", request, StringComparison.Ordinal);
        var score = result.Score!;
        Assert.Equal((1.5, 5.0, false), (score.Score, score.Threshold, score.IsSpam));
        Assert.Equal(["A", "B_C"], score.Symbols);
    }

    /// <summary>A one-behaviour TCP server on 127.0.0.1 for faults.</summary>
    private sealed class FakeServer(Func<NetworkStream, CancellationToken, Task> behaviour) : IDisposable
    {
        private readonly FakePeer _peer = new(behaviour);

        public string Address => "tcp:127.0.0.1:" + PeerScript.Text(_peer.Port);

        public static async Task<string> ReadToCloseAsync(NetworkStream s, CancellationToken ct)
        {
            var all = new MemoryStream();
            await s.CopyToAsync(all, ct);
            return Encoding.Latin1.GetString(all.ToArray());
        }

        public void Dispose() => _peer.Dispose();
    }
}
