using System.Net;
using System.Net.Sockets;
using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Scanners;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Scanners.Configuration;
using Vigil.Engine.Scanners.Orchestration;
using Vigil.Engine.Scanners.Rspamd;
using Vigil.Engine.Scanners.Spamd;
using Vigil.Engine.Judging;
using Vigil.Engine.Tests.Scanners.Configuration;
using Vigil.Engine.Verdicts;
using Vigil.Testing;
using static Vigil.Engine.Tests.Scanners.ClamdTestMail;

namespace Vigil.Engine.Tests.Scanners.Orchestration;

public sealed class ScannerOrchestratorTests : IDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ConfiguredScanner Configured(IContentScanner scanner, bool required = true, TimeSpan? timeout = null, bool virus = true) =>
        new(scanner, required, timeout ?? Long, virus, "test");

    private async Task<Judgement> ScanAsync(string mail, params ConfiguredScanner[] scanners)
    {
        var provider = new ScannerProvider(new ControlLayers([_dir.Path]), null, scanners);
        var engine = new MessageJudge(new MessageAnalyzer(), new PolicyProvider(_dir.Path), provider);
        return await engine.JudgeAsync(Stream(mail));
    }

    private static Finding Virus(string rule) => new(FindingCategory.Virus, rule, "eicar.com", "2");

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Fact]
    public async Task TwoScannersAreInFlightAtTheSameTime()
    {
        var inFlight = 0;
        var most = 0;
        var arrived = 0;
        var bothIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<IReadOnlyList<Finding>> Meet(CancellationToken ct)
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            if (Interlocked.Increment(ref arrived) == 2)
            {
                bothIn.SetResult();
            }

            // Run one after the other, the first would wait here for a second that never comes.
            await bothIn.Task.WaitAsync(TimeSpan.FromSeconds(20), ct);
            Interlocked.Decrement(ref inFlight);
            return [];
        }

        var a = new FakeScanner("a", Meet);
        var b = new FakeScanner("b", Meet);
        using var result = await ScanAsync(Clean, Configured(a), Configured(b));
        Assert.Equal(VerdictKind.Clean, result.Verdict.Kind);
        Assert.Equal(2, most);
    }

    [Fact]
    public async Task EarlyQuitOnVirusCancelsTheStalledScannerAndKeepsTheVirus()
    {
        _dir.Write("options", "earlyquitonvirus=y\n");
        var stalledStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = false;
        var stalled = new FakeScanner("stalled", async ct =>
        {
            stalledStarted.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }

            return [];
        });
        var finder = new FakeScanner("finder", async ct =>
        {
            await stalledStarted.Task.WaitAsync(ct);
            return [Virus("Eicar-Test-Signature")];
        });

        using var result = await ScanAsync(WithAttachment("eicar.com", Eicar), Configured(stalled), Configured(finder));
        Assert.True(cancelled);
        Assert.Equal(VerdictKind.Virus, result.Verdict.Kind);
        Assert.DoesNotContain(result.Verdict.Findings, f => f.Category == FindingCategory.Error);
        Assert.Equal("Eicar-Test-Signature", result.Verdict.Worst!.Rule);
    }

    [Fact]
    public async Task WithoutEarlyQuitOnVirusAStalledRequiredScannerEndsAsATimeoutErrorBesideTheVirus()
    {
        // QMVC's default: earlyquitonvirus is off, every scanner has its say.
        var stalled = new FakeScanner("stalled", async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return [];
        });
        var finder = new FakeScanner("finder", _ => Task.FromResult<IReadOnlyList<Finding>>([Virus("Eicar-Test-Signature")]));
        using var result = await ScanAsync(WithAttachment("eicar.com", Eicar), Configured(stalled, timeout: TimeSpan.FromMilliseconds(300)), Configured(finder));
        Assert.Equal(VerdictKind.Virus, result.Verdict.Kind);
        var timeout = Assert.Single(result.Verdict.Findings, f => f.Category == FindingCategory.Error);
        Assert.Equal(ScannerRules.Timeout, timeout.Rule);
        Assert.Contains("stalled", timeout.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequiredScannerPastItsTimeoutMakesTheMessageAnError()
    {
        var stalled = new FakeScanner("stalled", async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return [];
        });
        using var result = await ScanAsync(Clean, Configured(stalled, timeout: TimeSpan.FromMilliseconds(300)));
        Assert.Equal(VerdictKind.Error, result.Verdict.Kind);
        Assert.Equal(ScannerRules.Timeout, result.Verdict.Worst!.Rule);
    }

    [Fact]
    public async Task AScannerThatThrowsMakesTheMessageAnErrorNotClean()
    {
        var broken = new FakeScanner("broken", _ => throw new InvalidOperationException("bug"));
        using var result = await ScanAsync(Clean, Configured(broken));
        Assert.Equal(VerdictKind.Error, result.Verdict.Kind);
        Assert.Equal(ScannerRules.Fault, result.Verdict.Worst!.Rule);
    }

    [Fact]
    public async Task AnUnreachableRequiredClamdMakesTheMessageAnError()
    {
        var clamd = new ClamdScanner(new ClamdClient(ClamdAddress.Tcp("127.0.0.1", FreePort())));
        using var result = await ScanAsync(Clean, Configured(clamd));
        Assert.Equal(VerdictKind.Error, result.Verdict.Kind);
        Assert.Equal("clamd:unreachable", result.Verdict.Worst!.Rule);
    }

    [Fact]
    public async Task AnUnreachableOptionalClamdIsLoggedAsAMonitorFindingAndTheMessageIsNotAnError()
    {
        var clamd = new ClamdScanner(new ClamdClient(ClamdAddress.Tcp("127.0.0.1", FreePort())));
        using var result = await ScanAsync(Clean, Configured(clamd, required: false));
        Assert.Equal(VerdictKind.Clean, result.Verdict.Kind);
        var skipped = Assert.Single(result.Verdict.Findings);
        Assert.Equal(ScannerRules.SkippedPrefix + clamd.Name, skipped.Rule);
        Assert.Equal(RuleAction.Monitor, skipped.Action);
        Assert.Contains("clamd:unreachable", skipped.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachScannerRunIsReportedInConfigurationOrderWithHowItEnded()
    {
        // The dashboard's scanner health: answered clean, found, no answer in time, broken, unreachable but optional.
        var clean = new FakeScanner("quiet", _ => Task.FromResult<IReadOnlyList<Finding>>([]));
        var finder = new FakeScanner("finder", _ => Task.FromResult<IReadOnlyList<Finding>>([Virus("Eicar-Test-Signature")]));
        var stalled = new FakeScanner("stalled", async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return [];
        });
        var broken = new FakeScanner("broken", _ => throw new InvalidOperationException("bug"));
        var clamd = new ClamdScanner(new ClamdClient(ClamdAddress.Tcp("127.0.0.1", FreePort())));
        using var result = await ScanAsync(
            WithAttachment("eicar.com", Eicar),
            Configured(clean), Configured(finder), Configured(stalled, timeout: TimeSpan.FromMilliseconds(300)), Configured(broken), Configured(clamd, required: false));

        Assert.Equal(["quiet", "finder", "stalled", "broken", clamd.Name], result.Scanners.Select(r => r.Name));
        Assert.Equal(
            [ScannerRunResult.Clean, ScannerRunResult.Found, ScannerRunResult.Timeout, ScannerRunResult.Error, ScannerRunResult.Error],
            result.Scanners.Select(r => r.Result));
        Assert.Equal(["clean", "found", "timeout", "error", "error"], result.Scanners.Select(r => r.ResultWord));
        // The stalled one ran until its timeout: its time says so.
        Assert.True(result.Scanners[2].Elapsed >= TimeSpan.FromMilliseconds(250), result.Scanners[2].Elapsed.ToString());
    }

    [Fact]
    public async Task AClamdThatAcceptsAndNeverAnswersIsReportedAsATimeoutByItsOwnClientTimeout()
    {
        // A stalled clamd (a fault real clamd will not produce on demand): the client's read
        // timeout fires long before the scanners file's timeout, and health counts it as a timeout.
        using var stalled = new TcpListener(IPAddress.Loopback, 0);
        stalled.Start();
        var accepting = Task.Run(async () =>
        {
            using var held = await stalled.AcceptTcpClientAsync();
            await Task.Delay(TimeSpan.FromSeconds(20));
        });
        var port = ((IPEndPoint)stalled.LocalEndpoint).Port;
        var clamd = new ClamdScanner(new ClamdClient(ClamdAddress.Tcp("127.0.0.1", port), new ClamdTimeouts(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(10))));

        using var result = await ScanAsync(Clean, Configured(clamd));

        Assert.Equal(VerdictKind.Error, result.Verdict.Kind);
        Assert.NotEqual(ScannerRules.Timeout, result.Verdict.Worst!.Rule);
        Assert.Equal(ScannerRunResult.Timeout, Assert.Single(result.Scanners).Result);
    }

    [Fact]
    public async Task StalledSpamdAndRspamdAreReportedAsTimeoutsByTheirOwnClientTimeouts()
    {
        // Peers that accept and never answer (a fault real spamd and rspamd will not make on
        // demand): each client's own timeout sets the result's timed-out flag, whatever its text.
        using var stalled = new FakeClamd((_, ct) => Task.Delay(Timeout.Infinite, ct));
        var port = stalled.Address.Port;
        var spamd = new SpamdScanner(new SpamdClient(ClamdAddress.Tcp("127.0.0.1", port), new SpamdTimeouts(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(10))));
        using var rspamd = new RspamdScanner(new RspamdClient(new Uri($"http://127.0.0.1:{port}/"), TimeSpan.FromMilliseconds(300)));

        using var result = await ScanAsync(Clean, Configured(spamd), Configured(rspamd));

        Assert.Equal(VerdictKind.Error, result.Verdict.Kind);
        Assert.Equal([ScannerRunResult.Timeout, ScannerRunResult.Timeout], result.Scanners.Select(r => r.Result));
    }

    [Fact]
    public async Task APeerThatClosesWithoutAnAnswerIsAnErrorNotATimeout()
    {
        // The other side of the flag: a failure that is not a timeout stays an error.
        var closing = new TcpListener(IPAddress.Loopback, 0);
        closing.Start();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var c = await closing.AcceptTcpClientAsync();
                }
            }
            catch (SocketException)
            {
                // Stopped at the end of the test.
            }
        });
        var port = ((IPEndPoint)closing.LocalEndpoint).Port;
        var clamd = new ClamdScanner(new ClamdClient(ClamdAddress.Tcp("127.0.0.1", port), new ClamdTimeouts(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10))));
        var spamd = new SpamdScanner(new SpamdClient(ClamdAddress.Tcp("127.0.0.1", port), new SpamdTimeouts(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10))));

        using var result = await ScanAsync(Clean, Configured(clamd), Configured(spamd));

        closing.Stop();
        await accepting;
        Assert.Equal([ScannerRunResult.Error, ScannerRunResult.Error], result.Scanners.Select(r => r.Result));
        Assert.DoesNotContain(result.Verdict.Findings, f => f.TimedOut);
    }

    [Fact]
    public async Task AScannerCancelledByEarlyQuitOnVirusIsReportedAsStoppedNotAsAFailure()
    {
        _dir.Write("options", "earlyquitonvirus=y\n");
        var stalledStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stalled = new FakeScanner("stalled", async ct =>
        {
            stalledStarted.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return [];
        });
        var finder = new FakeScanner("finder", async ct =>
        {
            await stalledStarted.Task.WaitAsync(ct);
            return [Virus("Eicar-Test-Signature")];
        });

        using var result = await ScanAsync(WithAttachment("eicar.com", Eicar), Configured(stalled), Configured(finder));
        Assert.Equal([ScannerRunResult.Stopped, ScannerRunResult.Found], result.Scanners.Select(r => r.Result));
    }

    [Fact]
    public async Task AMessageWithoutScannersReportsNoRuns()
    {
        using var result = await ScanAsync(Clean);
        Assert.Empty(result.Scanners);
    }

    [Fact]
    public async Task AnOptionalScannersVirusStillCounts()
    {
        var finder = new FakeScanner("finder", _ => Task.FromResult<IReadOnlyList<Finding>>([Virus("Eicar-Test-Signature")]));
        using var result = await ScanAsync(WithAttachment("eicar.com", Eicar), Configured(finder, required: false));
        Assert.Equal(VerdictKind.Virus, result.Verdict.Kind);
    }

    [Fact]
    public async Task EarlyQuitOnBadMailRunsNoScannerWhenThePolicyAlreadyBlocked()
    {
        // The built-in attachment list blocks .exe by name.
        var mail = WithAttachment("setup.exe", "hello"u8.ToArray());
        var counted = new FakeScanner("counted", _ => FakeScanner.None);
        using (var result = await ScanAsync(mail, Configured(counted)))
        {
            Assert.Equal(VerdictKind.Policy, result.Verdict.Kind);
            Assert.Equal(1, counted.Calls);
        }

        _dir.Write("options", "earlyquitonbadmail=yes\n");
        using (var result = await ScanAsync(mail, Configured(counted)))
        {
            Assert.Equal(VerdictKind.Policy, result.Verdict.Kind);
            Assert.Equal(1, counted.Calls);
        }
    }

    [Fact]
    public async Task NoScanTypesSkipsTheVirusScannersWhenEveryLeafIsListedButNotTheOthers()
    {
        _dir.Write("options", "skipnoscantypes=y\n");
        _dir.Write(ScannerFileNames.NoScanTypes, "# plain text needs no virus scanner\n^text$\n");
        var av = new PlainFakeScanner("av", _ => FakeScanner.None);
        var spam = new PlainFakeScanner("spam", _ => FakeScanner.None);
        using var result = await ScanAsync(Clean, Configured(av), Configured(spam, virus: false));
        Assert.Equal(VerdictKind.Clean, result.Verdict.Kind);
        Assert.Equal(0, av.Calls);
        Assert.Equal(1, spam.Calls);
    }

    [Fact]
    public async Task NoScanTypesLeavesOutOnlyTheListedLeavesForASelectiveScanner()
    {
        _dir.Write("options", "skipnoscantypes=y\n");
        _dir.Write(ScannerFileNames.NoScanTypes, "ASCII text\n");
        var av = new FakeScanner("av", _ => FakeScanner.None);
        using var result = await ScanAsync(WithAttachment("eicar.com", Eicar), Configured(av));
        Assert.Equal(1, av.Calls);
        Assert.Contains(av.Seen, s => s.Entity.Path == "1" && !s.Included);
        Assert.Contains(av.Seen, s => s.Entity.Path == "2" && s.Included);
    }

    [Fact]
    public async Task TheNoScanTypesFileIsIgnoredUnlessSkipNoScanTypesIsOn()
    {
        _dir.Write(ScannerFileNames.NoScanTypes, "^text$\n");
        var av = new PlainFakeScanner("av", _ => FakeScanner.None);
        using var result = await ScanAsync(Clean, Configured(av));
        Assert.Equal(1, av.Calls);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var was = Interlocked.CompareExchange(ref target, value, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }
}
