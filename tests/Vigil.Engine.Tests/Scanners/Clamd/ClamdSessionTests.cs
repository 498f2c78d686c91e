using System.Text;
using Vigil.Engine.Scanners.Clamd;
using static Vigil.Engine.Tests.Scanners.ClamdTestMail;

namespace Vigil.Engine.Tests.Scanners.Clamd;

/// <summary>Requests over kept-open clamd sessions (zIDSESSION), against the real clamd.</summary>
[Collection(ClamdCollection.Name)]
public sealed class ClamdSessionTests(ClamdFixture clamd)
{
    private static readonly byte[] Clean = Encoding.ASCII.GetBytes("nothing to see here\n");

    [Fact]
    public async Task ManyRequestsInARowShareOneSessionAndEachGetsItsOwnVerdict()
    {
        foreach (var address in new[] { clamd.Unix, clamd.Tcp })
        {
            var client = new ClamdClient(address);
            var idle = -1;
            for (var i = 0; i < 20; i++)
            {
                var infected = i % 3 == 0;
                var result = await client.ScanAsync(() => new MemoryStream(infected ? Eicar : Clean));
                if (infected)
                {
                    Assert.Equal(ClamdOutcome.Infected, result.Outcome);
                    Assert.StartsWith("Eicar-Test-Signature", result.Signature, StringComparison.Ordinal);
                }
                else
                {
                    Assert.Equal(ClamdResult.Clean, result);
                }

                // One session, handed back after each verdict: request i+1 reused it (its reply number
                // checked), so the idle sessions (shared by all clients of the address) do not grow.
                if (idle < 0)
                {
                    idle = client.IdleSessions;
                    Assert.True(idle >= 1);
                }

                Assert.Equal(idle, client.IdleSessions);
            }
        }
    }

    [Fact]
    public async Task ConcurrentRequestsOpenOneSessionEachAndKeepThem()
    {
        var client = new ClamdClient(clamd.Unix);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            client.ScanAsync(() => new MemoryStream(i % 2 == 0 ? Eicar : Clean))));
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(i % 2 == 0 ? ClamdOutcome.Infected : ClamdOutcome.Clean, results[i].Outcome);
        }

        Assert.InRange(client.IdleSessions, 1, 16);
    }

    [Fact]
    public async Task AStreamOverStreamMaxLengthInASessionIsUnscannableAndTheSessionIsNotReused()
    {
        var client = new ClamdClient(clamd.Unix);
        Assert.Equal(ClamdResult.Clean, await client.ScanAsync(() => new MemoryStream(Clean)));
        var idle = client.IdleSessions;

        // The fixture's clamd has StreamMaxLength 10M.
        var big = await client.ScanAsync(() => new MemoryStream(new byte[11 * 1024 * 1024]));
        Assert.Equal(ClamdOutcome.SizeLimit, big.Outcome);
        Assert.Equal(idle - 1, client.IdleSessions);

        var after = await client.ScanAsync(() => new MemoryStream(Eicar));
        Assert.Equal(ClamdOutcome.Infected, after.Outcome);
    }

    [Fact]
    public async Task AClientPerMessageDoesNotPileUpSessionsBecauseTheyArePooledPerAddress()
    {
        // clamd stops accepting past MaxQueue (100) open connections: 150 one-message clients must not get there.
        for (var i = 0; i < 150; i++)
        {
            var set = new ClamdEndpointSet([new ClamdClient(clamd.Tcp)]);
            var result = await set.ScanAsync(() => new MemoryStream(Eicar), CancellationToken.None);
            Assert.Equal(ClamdOutcome.Infected, result.Outcome);
        }

        Assert.InRange(new ClamdClient(clamd.Tcp).IdleSessions, 1, 16);
    }
}
