using System.Net;
using Vigil.Testing;

namespace Vigil.Web.Tests;

/// <summary>
/// Two nodes into one real PostgreSQL (a private cluster): each a control directory, quarantine
/// and release sink of its own and its own VIGIL_NODE, mail through the real `vigil deliver`
/// there, and a dashboard each. Either dashboard sees both nodes' quarantine; a message
/// quarantined on node A is released from node B's dashboard (out of the copy the database
/// keeps) and arrives at B's sink, once, however many ask at once.
/// </summary>
public sealed class TwoNodeTests : IAsyncLifetime
{
    private readonly PrivatePostgres _postgres = new();
    private DashboardSite _a = null!;
    private DashboardSite _b = null!;

    public async Task InitializeAsync()
    {
        Assert.Equal(0, VigilProcess.Run(["store", "migrate", "--store", _postgres.Url]).ExitCode);
        _a = new DashboardSite(withClamd: false, store: _postgres.Url, node: "node-a");
        _b = new DashboardSite(withClamd: false, store: _postgres.Url, node: "node-b");
        _a.AddUser("admin", "admin");
        _a.AddUser("comreviewer", "reviewer", "example.com");
        await _a.StartAsync();
        await _b.StartAsync();
    }

    [Fact]
    public async Task AMessageQuarantinedOnNodeAIsReleasedFromNodeBsDashboardOnce()
    {
        Assert.Equal(99, _a.Deliver(MailSamples.BannedExe("alice@example.org", "held on node a", "node-a-marker"), "alice@example.org", "bob@example.net"));
        Assert.Equal(99, _b.Deliver(MailSamples.BannedExe("eve@example.org", "held on node b", "node-b-marker"), "eve@example.org", "carol@example.com"));
        var id = _a.QuarantineId("node-a-marker");

        using var onB = await DashboardClient.SignInAsync(_b.Address, "admin", DashboardSite.Password);
        var (_, list) = await onB.GetAsync("/quarantine");
        Assert.Contains("held on node a", list, StringComparison.Ordinal);
        Assert.Contains("held on node b", list, StringComparison.Ordinal);
        Assert.Contains("<td class=\"nowrap\">node-a</td>", list, StringComparison.Ordinal);
        Assert.Contains("<td class=\"nowrap\">node-b</td>", list, StringComparison.Ordinal);
        var (_, detail) = await onB.GetAsync("/quarantine/" + id);
        Assert.Contains("node-a-marker", detail, StringComparison.Ordinal);   // the text, read from the database's copy

        // One dashboard's message log sees both nodes too.
        var (_, log) = await onB.GetAsync("/messages?verdict=policy");
        Assert.Contains("<td>node-a</td>", log, StringComparison.Ordinal);
        Assert.Contains("<td>node-b</td>", log, StringComparison.Ordinal);

        // The message page on B shows node A's message's MIME tree, re-read from the database's copy.
        var (_, found) = await onB.GetAsync("/messages?address=bob@example.net");
        var key = System.Text.RegularExpressions.Regex.Match(found, "href=\"/messages/([0-9a-f]+)\"").Groups[1].Value;
        var (_, page) = await onB.GetAsync("/messages/" + key);
        var tree = page[page.IndexOf("<h2>MIME tree</h2>", StringComparison.Ordinal)..];
        Assert.Contains("declared multipart/mixed", tree, StringComparison.Ordinal);
        Assert.Contains("update.exe", tree, StringComparison.Ordinal);
        Assert.Contains("declared application/octet-stream", tree, StringComparison.Ordinal);

        var (status, released) = await onB.PostFormAsync("/quarantine/" + id, "/quarantine/action", [("id", id), ("action", "release")]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("released to bob@example.net", released, StringComparison.Ordinal);
        var sent = Assert.Single(Transactions(_b));
        Assert.Equal(["<bob@example.net>"], sent.RcptTo);
        Assert.Contains("node-a-marker", sent.Data, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Vigil-", sent.Data, StringComparison.Ordinal);
        Assert.Empty(Transactions(_a));

        // Node A's own dashboard, and its command line, are told it is released.
        using var onA = await DashboardClient.SignInAsync(_a.Address, "admin", DashboardSite.Password);
        var (again, said) = await onA.PostFormAsync("/quarantine", "/quarantine/action", [("id", id), ("action", "release")]);
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Contains("already released", said, StringComparison.Ordinal);
        var cli = VigilProcess.Run(["quarantine", "release", id, "--control", _a.Control], environment: new Dictionary<string, string> { ["VIGIL_NODE"] = "node-a" });
        Assert.Equal(1, cli.ExitCode);
        Assert.Contains("already released", cli.Stderr, StringComparison.Ordinal);
        Assert.Empty(Transactions(_a));
        Assert.Single(Transactions(_b));

        // Node A's file follows at its next sync: moved to cur/ with the flag P.
        var sync = VigilProcess.Run(["store", "sync", "--control", _a.Control], environment: new Dictionary<string, string> { ["VIGIL_NODE"] = "node-a" });
        Assert.True(sync.ExitCode == 0, sync.Stderr);
        Assert.Contains("1 marked released", sync.Stdout, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(_a.Quarantine, "policy", "cur"), id + ":2,*P*"));

        // The history says who did it, and from which node.
        var (_, history) = await onA.GetAsync("/quarantine/" + id);
        Assert.Contains("[on node-b]", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReleaseRequestCountsOnMetricsAsARequestNotAsADoneRelease()
    {
        // Node C keeps no copies in the database (store-quarantine-max=0): B can only ask C to send it.
        await using var c = new DashboardSite(withClamd: false, store: _postgres.Url, node: "node-c", quarantineMax: 0);
        Assert.Equal(99, c.Deliver(MailSamples.BannedExe("big@example.org", "held on node c only", "node-c-marker"), "big@example.org", "ivan@example.net"));
        var id = c.QuarantineId("node-c-marker");
        using var onB = await DashboardClient.SignInAsync(_b.Address, "admin", DashboardSite.Password);

        var (status, requested) = await onB.PostFormAsync("/quarantine", "/quarantine/action", [("id", id), ("action", "release")]);
        var (again, said) = await onB.PostFormAsync("/quarantine", "/quarantine/action", [("id", id), ("action", "release")]);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("release requested, node node-c sends it at its next sync", requested, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Contains("already requested", said, StringComparison.Ordinal);
        var (_, metrics) = await onB.GetAsync("/metrics");
        Assert.Contains("vigil_web_release_requests_total{result=\"made\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("vigil_web_release_requests_total{result=\"refused\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("vigil_web_releases_total{result=\"done\"} 0\n", metrics, StringComparison.Ordinal);
        Assert.Contains("vigil_web_releases_total{result=\"refused\"} 0\n", metrics, StringComparison.Ordinal);

        // The gauge counts the row's state, not the file's flag (which says waiting).
        Assert.Contains("vigil_quarantine_messages{folder=\"policy\",state=\"requested\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("state=\"waiting\"", metrics, StringComparison.Ordinal);
        Assert.Empty(Transactions(_b));
        Assert.Empty(Transactions(c));
    }

    [Fact]
    public async Task TwoNodesReleasingOneMessageAtOnceDeliverItOnce()
    {
        Assert.Equal(99, _a.Deliver(MailSamples.BannedExe("twice@example.org", "both nodes at once", "two-node-race-marker"), "twice@example.org", "dave@example.com"));
        var id = _a.QuarantineId("two-node-race-marker");
        using var onA = await DashboardClient.SignInAsync(_a.Address, "admin", DashboardSite.Password);
        using var onB = await DashboardClient.SignInAsync(_b.Address, "comreviewer", DashboardSite.Password);

        var both = await Task.WhenAll(
            onA.PostFormAsync("/quarantine", "/quarantine/action", [("id", id), ("action", "release")]),
            onB.PostFormAsync("/quarantine", "/quarantine/action", [("id", id), ("action", "release")]));

        Assert.Single(both, r => r.Status == HttpStatusCode.OK && r.Html.Contains("released to dave@example.com", StringComparison.Ordinal));
        Assert.Single(both, r => r.Status == HttpStatusCode.Conflict && r.Html.Contains("already released", StringComparison.Ordinal));
        Assert.Equal(1, Transactions(_a).Count(t => t.Data.Contains("two-node-race-marker", StringComparison.Ordinal)) + Transactions(_b).Count(t => t.Data.Contains("two-node-race-marker", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AMessageOfNodeADeletedOnNodeBGoesFromEveryListAndFromAsFileAtItsSync()
    {
        Assert.Equal(99, _a.Deliver(MailSamples.BannedExe("junk@example.org", "delete me from b", "two-node-delete-marker"), "junk@example.org", "hank@example.net"));
        var id = _a.QuarantineId("two-node-delete-marker");
        using var onB = await DashboardClient.SignInAsync(_b.Address, "admin", DashboardSite.Password);

        var (status, said) = await onB.PostFormAsync("/quarantine", "/quarantine/action", [("id", id), ("action", "delete")]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(": deleted", said, StringComparison.Ordinal);
        Assert.DoesNotContain("delete me from b", (await onB.GetAsync("/quarantine")).Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await onB.GetAsync("/quarantine/" + id)).Status);

        var sync = VigilProcess.Run(["store", "sync", "--control", _a.Control], environment: new Dictionary<string, string> { ["VIGIL_NODE"] = "node-a" });
        Assert.True(sync.ExitCode == 0, sync.Stderr);
        Assert.Contains("1 removed", sync.Stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_a.Quarantine, id + "*", SearchOption.AllDirectories));
        var track = VigilProcess.Run(["track", "--store", _postgres.Url, "--json", "hank@example.net"]);
        Assert.Contains("\"quarantineState\":\"deleted\"", track.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIsQuarantinedWhileTheDatabaseIsDownReachesItAtTheNextSyncAndAnyNodeReleasesIt()
    {
        _postgres.Stop();
        Assert.Equal(99, _a.Deliver(MailSamples.BannedExe("late@example.org", "while the database was down", "db-down-marker"), "late@example.org", "frank@example.net"));
        var id = _a.QuarantineId("db-down-marker");
        _postgres.Start();

        var onB = new Dictionary<string, string> { ["VIGIL_NODE"] = "node-b" };
        var before = VigilProcess.Run(["quarantine", "release", id, "--control", _b.Control], environment: onB);
        Assert.Equal(1, before.ExitCode);
        Assert.Contains("no such quarantined message", before.Stderr, StringComparison.Ordinal);

        var sync = VigilProcess.Run(["store", "sync", "--control", _a.Control], environment: new Dictionary<string, string> { ["VIGIL_NODE"] = "node-a" });
        Assert.True(sync.ExitCode == 0, sync.Stderr);
        Assert.Contains("node node-a: 1 added", sync.Stdout, StringComparison.Ordinal);

        var released = VigilProcess.Run(["quarantine", "release", id, "--control", _b.Control], environment: onB);
        Assert.True(released.ExitCode == 0, released.Stderr);
        Assert.Equal($"{id}: released to frank@example.net\n", released.Stdout);
        Assert.Single(Transactions(_b), t => t.Data.Contains("db-down-marker", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        if (_b is not null)
        {
            await _b.DisposeAsync();
        }

        _postgres.Dispose();
    }

    private static List<SmtpSink.Transaction> Transactions(DashboardSite site)
    {
        lock (site.Sink.Transactions)
        {
            return [.. site.Sink.Transactions];
        }
    }
}
