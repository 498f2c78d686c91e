using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanners.Rspamd;
using Vigil.Engine.Scanners.Spamd;
using Vigil.Engine.Tests.Scanners.Spamd;
using Vigil.Engine.Verdicts;
using static Vigil.Engine.Tests.Scanners.Spamd.SpamTestMail;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Scanners.Rspamd;

/// <summary>Failures a real rspamd will not produce on demand, and the mapping of every action word.</summary>
public sealed class RspamdFaultTests
{
    private static readonly byte[] Mail = Encoding.ASCII.GetBytes("From: a@example.test\r\nSubject: hi\r\n\r\n" + Gtube + "\r\n");

    private static RspamdScanner Scanner(string line)
    {
        Assert.True(RspamdScannerOptions.TryParse(Tokens(line), out var options, out var error), error);
        return new RspamdScanner(options!);
    }

    [Fact]
    public async Task AnUnreachableRspamdIsAnErrorNeverClean()
    {
        using var scanner = Scanner($"http://127.0.0.1:{PeerScript.FreePort()}");
        using var result = await ScanAsync(scanner, Mail);
        Assert.Equal(VerdictKind.Error, result.Verdict.Kind);
        Assert.Equal("rspamd:unreachable", Assert.Single(result.Verdict.Findings).Rule);
    }

    [Fact]
    public async Task AnRspamdThatStallsTimesOutAsAnError()
    {
        using var fake = new FakeHttp(async (s, ct) => await Task.Delay(Timeout.Infinite, ct));
        using var scanner = Scanner($"{fake.Url} timeout=1");
        using var result = await ScanAsync(scanner, Mail);
        Assert.Equal(VerdictKind.Error, result.Verdict.Kind);
        var finding = Assert.Single(result.Verdict.Findings);
        Assert.Equal("rspamd:error", finding.Rule);
        Assert.Contains("no answer within 1 s", finding.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"symbols\":{}}")]
    [InlineData("{\"error\":\"bad request\"}")]
    [InlineData("[1,2,3]")]
    public async Task AReplyWithoutActionAndScoreIsAnError(string body)
    {
        using var fake = new FakeHttp((s, ct) => FakeHttp.AnswerAsync(s, 200, body, ct));
        using var scanner = Scanner(fake.Url);
        using var result = await ScanAsync(scanner, Mail);
        Assert.Equal(VerdictKind.Error, result.Verdict.Kind);
    }

    [Fact]
    public async Task AnHttpErrorStatusIsAnError()
    {
        using var fake = new FakeHttp((s, ct) => FakeHttp.AnswerAsync(s, 500, "{\"error\":\"oops\"}", ct));
        using var scanner = Scanner(fake.Url);
        using var result = await ScanAsync(scanner, Mail);
        Assert.Equal(VerdictKind.Error, result.Verdict.Kind);
        Assert.Contains("HTTP 500", result.Verdict.Worst!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRequestIsAPostToCheckv2WithTheWholeMessage()
    {
        var seen = new TaskCompletionSource<string>();
        using var fake = new FakeHttp(async (s, ct) =>
        {
            seen.TrySetResult(await FakeHttp.ReadRequestAsync(s, ct));
            await FakeHttp.WriteAnswerAsync(s, 200, "{\"action\":\"no action\",\"score\":1.5,\"required_score\":15.0,\"symbols\":{\"A\":{},\"B\":{}}}", ct);
        });
        using var scanner = Scanner(fake.Url);
        using var result = await ScanAsync(scanner, Mail);
        var request = await seen.Task;
        Assert.StartsWith("POST /checkv2 HTTP/1.1\r\n", request, StringComparison.Ordinal);
        Assert.Contains($"Content-Length: {Mail.Length}\r\n", request, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith(Gtube + "\r\n", request, StringComparison.Ordinal);
        Assert.Equal(VerdictKind.Clean, result.Verdict.Kind);
        Assert.Equal("rspamd:none", Assert.Single(result.Verdict.Findings).Rule);
    }

    [Theory]
    [InlineData("no action", "rspamd:none", RuleAction.Monitor)]
    [InlineData("add header", "rspamd:add-header", RuleAction.Monitor)]
    [InlineData("rewrite subject", "rspamd:rewrite-subject", RuleAction.Monitor)]
    [InlineData("greylist", "rspamd:greylist", RuleAction.Defer)]
    [InlineData("soft reject", "rspamd:soft-reject", RuleAction.Defer)]
    [InlineData("reject", "rspamd:reject", RuleAction.Reject)]
    [InlineData("quarantine", "rspamd:quarantine", RuleAction.Quarantine)]
    [InlineData("discard", "rspamd:discard", RuleAction.Drop)]
    [InlineData("something new", "rspamd:other-action", RuleAction.Monitor)]
    public void EachRspamdActionMapsToAFinding(string action, string? rule, RuleAction? expected)
    {
        var finding = RspamdScanner.ByAction(action, new SpamScore(7, 15, ["X"], true));
        Assert.Equal(rule, finding?.Rule);
        Assert.Equal(expected, finding?.Action);
        if (finding is not null)
        {
            Assert.Equal(FindingCategory.Spam, finding.Category);
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:11333", "http://127.0.0.1:11333/")]
    [InlineData("http://spam.example.test:11333/rspamd", "http://spam.example.test:11333/rspamd/")]
    public void AnAddressBecomesABaseThatKeepsItsPath(string line, string expected)
    {
        Assert.True(RspamdScannerOptions.TryParse(Tokens(line), out var o, out var error), error);
        Assert.Equal(expected, o!.Address.ToString());
        Assert.True(o.UsesOwnAction);
    }

    [Theory]
    [InlineData("", "needs an address")]
    [InlineData("tcp:127.0.0.1:11333", "not an rspamd address")]
    [InlineData("ftp://127.0.0.1/", "not an rspamd address")]
    [InlineData("http://127.0.0.1:11333 reject=x", "reject must be a score")]
    [InlineData("http://127.0.0.1:11333 user=x", "unknown option user")]
    public void ABadLineIsRefusedWithTheReason(string line, string reason)
    {
        Assert.False(RspamdScannerOptions.TryParse(Tokens(line), out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    /// <summary>A one-behaviour HTTP/1.1 server on 127.0.0.1, only for faults and the request's shape.</summary>
    private sealed class FakeHttp(Func<NetworkStream, CancellationToken, Task> behaviour) : IDisposable
    {
        private readonly FakePeer _peer = new(behaviour);

        public string Url => "http://127.0.0.1:" + PeerScript.Text(_peer.Port);

        /// <summary>Reads the head and a body of Content-Length bytes.</summary>
        public static async Task<string> ReadRequestAsync(NetworkStream s, CancellationToken ct)
        {
            var data = new List<byte>();
            var one = new byte[1];
            while (!EndsWithBlankLine(data) && await s.ReadAsync(one, ct) == 1)
            {
                data.Add(one[0]);
            }

            var head = Encoding.Latin1.GetString(data.ToArray());
            var at = head.IndexOf("Content-Length: ", StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                var end = head.IndexOf('\r', at);
                var body = new byte[int.Parse(head.AsSpan(at + 16, end - at - 16), System.Globalization.CultureInfo.InvariantCulture)];
                await s.ReadExactlyAsync(body, ct);
                head += Encoding.Latin1.GetString(body);
            }

            return head;
        }

        public static async Task AnswerAsync(NetworkStream s, int status, string body, CancellationToken ct)
        {
            await ReadRequestAsync(s, ct);
            await WriteAnswerAsync(s, status, body, ct);
        }

        public static async Task WriteAnswerAsync(NetworkStream s, int status, string body, CancellationToken ct)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            var head = $"HTTP/1.1 {PeerScript.Text(status)} X\r\nContent-Type: application/json\r\nContent-Length: {PeerScript.Text(bytes.Length)}\r\nConnection: close\r\n\r\n";
            await s.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
            await s.WriteAsync(bytes, ct);
        }

        public void Dispose() => _peer.Dispose();

        private static bool EndsWithBlankLine(List<byte> d) =>
            d.Count >= 4 && d[^4] == '\r' && d[^3] == '\n' && d[^2] == '\r' && d[^1] == '\n';
    }
}
