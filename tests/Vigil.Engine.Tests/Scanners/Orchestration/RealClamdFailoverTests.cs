using System.Net;
using System.Net.Sockets;
using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Scanners.Configuration;
using Vigil.Engine.Scanners.Orchestration;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using static Vigil.Engine.Tests.Scanners.ClamdTestMail;

namespace Vigil.Engine.Tests.Scanners.Orchestration;

/// <summary>Failover and health against the shared real clamd.</summary>
[Collection(ClamdCollection.Name)]
public sealed class RealClamdFailoverTests(ClamdFixture clamd)
{
    private static ClamdAddress Dead()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ClamdAddress.Tcp("127.0.0.1", ((IPEndPoint)probe.LocalEndpoint).Port);
    }

    [Fact]
    public async Task WithTheFirstEndpointUnreachableTheSecondARealClamdFindsTheVirus()
    {
        var errors = new ConfigErrors();
        var line = new ScannerLineParser().Register("clamd", ClamdLineFactory.Create, true)
            .ParseLine("scanners", new ControlLine(1, $"clamd {Dead()} {clamd.Unix} connecttimeout=2"), errors);
        Assert.Empty(errors.Messages);
        var engine = new MessageJudge(new MessageAnalyzer(), new PolicyProvider((string?)null), ScannerProvider.Fixed([line!]));

        // Several messages, so round-robin starts at the dead endpoint at least once.
        for (var i = 0; i < 3; i++)
        {
            using var result = await engine.JudgeAsync(Stream(WithAttachment("eicar.com", Eicar)));
            Assert.Equal(VerdictKind.Virus, result.Verdict.Kind);
            Assert.StartsWith("Eicar-Test-Signature", result.Verdict.Worst!.Rule, StringComparison.Ordinal);
            Assert.DoesNotContain(result.Verdict.Findings, f => f.Category == FindingCategory.Error);
        }
    }

    [Fact]
    public async Task TheHealthCheckReportsTheEngineOfTheLiveEndpointAndTheOutageOfTheDeadOne()
    {
        var dead = Dead();
        var scanner = new ClamdScanner(new ClamdEndpointSet([new ClamdClient(clamd.Tcp), new ClamdClient(dead)]));
        var health = await scanner.CheckHealthAsync(CancellationToken.None);
        Assert.Equal(2, health.Count);
        Assert.True(health[0].Reachable, health[0].Detail);
        Assert.StartsWith("ClamAV 1.", health[0].Engine, StringComparison.Ordinal);
        Assert.False(health[1].Reachable);
        Assert.Equal(dead.ToString(), health[1].Target);
    }

    [Theory]
    [InlineData("ClamAV 1.4.3/27000/Mon Jan  5 09:00:00 2026", "ClamAV 1.4.3", "27000 (Mon Jan  5 09:00:00 2026)")]
    [InlineData("ClamAV 1.4.3", "ClamAV 1.4.3", null)]
    public void TheVersionReplyIsSplitIntoEngineAndSignatures(string reply, string engine, string? signatures)
    {
        Assert.Equal((engine, signatures), ClamdVersion.Split(reply));
    }

    [Fact]
    public async Task AnOptionalDeadClamdBesideARequiredLiveOneStillFindsTheVirusAndIsNotAnError()
    {
        var live = new ConfiguredScanner(new ClamdScanner(new ClamdClient(clamd.Unix)), true, TimeSpan.FromSeconds(60), true, "test");
        var dead = new ConfiguredScanner(new ClamdScanner(new ClamdClient(Dead())), false, TimeSpan.FromSeconds(60), true, "test");
        var engine = new MessageJudge(new MessageAnalyzer(), new PolicyProvider((string?)null), ScannerProvider.Fixed([live, dead]));
        using (var clean = await engine.JudgeAsync(Stream(Clean)))
        {
            Assert.Equal(VerdictKind.Clean, clean.Verdict.Kind);
            Assert.Contains(clean.Verdict.Findings, f => f.Rule.StartsWith(ScannerRules.SkippedPrefix, StringComparison.Ordinal));
        }

        using var virus = await engine.JudgeAsync(Stream(WithAttachment("eicar.com", Eicar)));
        Assert.Equal(VerdictKind.Virus, virus.Verdict.Kind);
    }
}
