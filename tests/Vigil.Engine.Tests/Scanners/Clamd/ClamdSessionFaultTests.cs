using Vigil.Engine.Scanners.Clamd;
using Vigil.Testing;
using static Vigil.Engine.Tests.Scanners.ClamdTestMail;

namespace Vigil.Engine.Tests.Scanners.Clamd;

/// <summary>
/// Session faults a real clamd does not produce on demand (a session closed between requests at
/// an exact moment, a reply with the wrong number), injected with <see cref="FakeClamd"/>.
/// </summary>
public sealed class ClamdSessionFaultTests
{
    private static readonly ClamdTimeouts Short = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));

    [Fact]
    public async Task ASessionClosedBetweenRequestsIsDroppedAndTheStreamIsSentAgainOnAFreshConnection()
    {
        var connections = 0;
        var payloads = new List<int>();
        using var fake = new FakeClamd(async (s, ct) =>
        {
            var n = Interlocked.Increment(ref connections);
            Assert.Equal("zIDSESSION", (await FakeClamd.ReadOneAsync(s, ct)).Command);
            var request = await FakeClamd.ReadOneAsync(s, ct);
            lock (payloads)
            {
                payloads.Add(request.Payload.Length);
            }

            // The first connection answers once and then hangs up, as clamd does at its IdleTimeout.
            await FakeClamd.ReplyRawAsync(s, n == 1 ? "1: stream: OK" : "1: stream: Eicar-Test-Signature FOUND", ct);
            if (n > 1)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
        });

        var client = new ClamdClient(fake.Address, Short);
        Assert.Equal(ClamdResult.Clean, await client.ScanAsync(() => new MemoryStream(Eicar)));
        Assert.Equal(1, client.IdleSessions); // the fake's port is this test's alone
        await Task.Delay(200);

        var second = await client.ScanAsync(() => new MemoryStream(Eicar));
        Assert.Equal(ClamdOutcome.Infected, second.Outcome);
        Assert.Equal(2, connections);
        Assert.Equal(Eicar.Length, payloads[^1]);
    }

    [Fact]
    public async Task AFreshSessionClosedWithoutAReplyIsAnErrorNeverClean()
    {
        using var fake = new FakeClamd(async (s, ct) =>
        {
            await FakeClamd.ReadOneAsync(s, ct);
            await FakeClamd.ReadOneAsync(s, ct);
            s.Close();
        });

        var result = await new ClamdClient(fake.Address, Short).ScanAsync(() => new MemoryStream(Eicar));
        Assert.Equal(ClamdOutcome.Error, result.Outcome);
        Assert.False(result.Unreachable);
        Assert.Contains("without a reply", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2: stream: OK")]
    [InlineData("stream: OK")]
    [InlineData("x: stream: OK")]
    public async Task ASessionReplyWithoutThisRequestsNumberIsAnErrorNeverClean(string reply)
    {
        using var fake = new FakeClamd(async (s, ct) =>
        {
            await FakeClamd.ReadOneAsync(s, ct);
            await FakeClamd.ReadOneAsync(s, ct);
            await FakeClamd.ReplyRawAsync(s, reply, ct);
            await Task.Delay(Timeout.Infinite, ct);
        });

        var client = new ClamdClient(fake.Address, Short);
        var result = await client.ScanAsync(() => new MemoryStream(Eicar));
        Assert.Equal(ClamdOutcome.Error, result.Outcome);
        Assert.Contains("request number 1", result.Detail, StringComparison.Ordinal);
        Assert.Equal(0, client.IdleSessions);
    }

    [Fact]
    public async Task NoClamdAtAllIsUnreachableSoTheEndpointSetCanFailOver()
    {
        var client = new ClamdClient(ClamdAddress.Unix("/nonexistent/vigil/clamd.sock"), Short);
        var result = await client.ScanAsync(() => new MemoryStream(Eicar));
        Assert.Equal(ClamdOutcome.Error, result.Outcome);
        Assert.True(result.Unreachable);
    }
}
