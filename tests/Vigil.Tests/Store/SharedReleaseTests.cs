using System.Text;
using Npgsql;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Store.Location;
using Vigil.Store.Postgres;
using Vigil.Store.Quarantine;
using Vigil.Testing;

namespace Vigil.Tests.Store;

/// <summary>
/// The shared quarantine's release and delete against a real PostgreSQL (a private cluster,
/// stopped and started by the tests) with two nodes' <see cref="ReleaseService"/>s and a real
/// SMTP sink as the mail system: never delivered twice, never a delete lost, whether the
/// database is down before a release or goes away right after its delivery.
/// </summary>
public sealed class SharedReleaseTests : IAsyncLifetime
{
    private static readonly Verdict PolicyVerdict = new([new Finding(FindingCategory.Policy, "banned-name", "update.exe", "name")]);

    private readonly PrivatePostgres _postgres = new();
    private readonly TempDir _dir = new();
    private readonly SmtpSink _sink = new();
    private ReleaseService _a = null!;
    private ReleaseService _b = null!;

    public Task InitializeAsync()
    {
        Assert.True(StoreLocation.TryParse(_postgres.Url, out var location, out var error), error);
        using (var connection = new NpgsqlConnection(location!.PostgresConnection))
        {
            connection.Open();
            PostgresSchema.Migrate(connection);
        }

        _a = new ReleaseService(new QuarantineStore(Path.Combine(_dir.Path, "a")), location, "node-a");
        _b = new ReleaseService(new QuarantineStore(Path.Combine(_dir.Path, "b")), location, "node-b");
        Directory.CreateDirectory(_b.Local.Root);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task WhileTheDatabaseIsDownReleaseAndDeleteAreRefusedAndNothingIsSent()
    {
        var id = await QuarantineOnAAsync("down-marker");
        _postgres.Stop();

        var release = await _a.ReleaseAsync(id, Reinjector(), null);
        var delete = _a.Delete(id);

        Assert.Equal(ReleaseOutcome.Failed, release.Outcome);
        Assert.StartsWith("database unreachable (", release.Detail, StringComparison.Ordinal);
        Assert.EndsWith("), try again", release.Detail, StringComparison.Ordinal);
        Assert.False(delete.Deleted);
        Assert.StartsWith("database unreachable (", delete.Detail, StringComparison.Ordinal);
        Assert.Empty(Sent());
        Assert.False(_a.Local.Find(id)!.Released);   // the file is where it was: neither released nor deleted

        _postgres.Start();
        Assert.Equal(ReleaseOutcome.Released, (await _b.ReleaseAsync(id, Reinjector(), null)).Outcome);
        Assert.Equal(ReleaseOutcome.AlreadyReleased, (await _a.ReleaseAsync(id, Reinjector(), null)).Outcome);
        Assert.Single(Sent());
    }

    [Fact]
    public async Task TheCommandSaysTheDatabaseIsUnreachableAndExits1()
    {
        var id = await QuarantineOnAAsync("cli-down-marker");
        var env = NodeACommandEnvironment($"reinject=smtp:127.0.0.1:{_sink.Port}\n");
        _postgres.Stop();

        var release = VigilProcess.Run(["quarantine", "release", id], environment: env);
        var delete = VigilProcess.Run(["quarantine", "delete", id], environment: env);

        Assert.Equal(1, release.ExitCode);
        Assert.Contains($"vigil: {id}: release failed: database unreachable (", release.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, delete.ExitCode);
        Assert.Contains($"vigil: {id}: database unreachable (", delete.Stderr, StringComparison.Ordinal);
        Assert.Empty(Sent());
        Assert.False(_a.Local.Find(id)!.Released);

        _postgres.Start();
        var again = VigilProcess.Run(["quarantine", "release", id], environment: env);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Single(Sent());
    }

    [Fact]
    public async Task ADeleteOnAnotherNodeRemovesTheRowFirstAndTheFileAtTheNextSync()
    {
        var id = await QuarantineOnAAsync("delete-marker");

        Assert.Equal(DeleteResult.Done, _b.Delete(id));
        Assert.Equal(ReleaseOutcome.NotFound, (await _a.ReleaseAsync(id, Reinjector(), null)).Outcome);
        Assert.Equal(1, (await QuarantineSync.RunAsync(_a)).Removed);
        Assert.Null(_a.Local.Find(id));
        Assert.Empty(Sent());
    }

    [Fact]
    public async Task TheDatabaseGoingAwayRightAfterTheDeliveryKeepsTheReleaseAndTheSyncRecordsIt()
    {
        var id = await QuarantineOnAAsync("after-delivery-marker");

        // Node B sends node A's message out of the database's copy; the server stops as soon as the sink has it.
        var result = await _b.ReleaseAsync(id, new ThenStop(Reinjector(), _postgres.Stop), null);

        Assert.Equal(ReleaseOutcome.Released, result.Outcome);
        Assert.Contains("the database did not record it (", result.Detail, StringComparison.Ordinal);
        Assert.EndsWith("the sync records it as released", result.Detail, StringComparison.Ordinal);
        Assert.Single(Sent());
        Assert.True(File.Exists(Path.Combine(_b.Local.Root, PendingStates.FolderName, id)));

        _postgres.Start();

        // Until the sync: 'releasing', shown so, and no node sends it again.
        Assert.Equal(SharedEntry.Releasing, _a.Find(id)!.State);
        Assert.Equal(SharedEntry.Releasing, Assert.Single(_b.List(), e => e.Record.Id == id).State);
        var again = await _a.ReleaseAsync(id, Reinjector(), null);
        Assert.Equal(ReleaseOutcome.AlreadyReleased, again.Outcome);
        Assert.Contains("being sent by node node-b", again.Detail, StringComparison.Ordinal);
        Assert.False(_a.Delete(id).Deleted);
        Assert.Single(Sent());

        var sync = await QuarantineSync.RunAsync(_b);
        Assert.Empty(sync.Problems);
        Assert.Equal(1, sync.Told);
        Assert.False(Directory.EnumerateFiles(Path.Combine(_b.Local.Root, PendingStates.FolderName)).Any());
        Assert.Equal(SharedEntry.Released, _b.Find(id)!.State);
        Assert.Equal(1, (await QuarantineSync.RunAsync(_a)).MarkedReleased);
        Assert.True(_a.Local.Find(id)!.Released);
        Assert.Single(Sent());
    }

    [Fact]
    public async Task ThisNodesFileReleasedWhenTheDatabaseGoesAwayIsRecordedByTheSync()
    {
        var id = await QuarantineOnAAsync("own-file-marker");

        var result = await _a.ReleaseAsync(id, new ThenStop(Reinjector(), _postgres.Stop), null);
        Assert.Equal(ReleaseOutcome.Released, result.Outcome);
        Assert.True(_a.Local.Find(id)!.Released);

        _postgres.Start();
        Assert.Equal(SharedEntry.Releasing, _b.Find(id)!.State);
        Assert.Equal(1, (await QuarantineSync.RunAsync(_a)).Told);
        Assert.Equal(SharedEntry.Released, _b.Find(id)!.State);
        Assert.Equal(ReleaseOutcome.AlreadyReleased, (await _b.ReleaseAsync(id, Reinjector(), null)).Outcome);
        Assert.Single(Sent());
    }

    [Fact]
    public async Task ADeliveryTheMailSystemRefusesPutsTheRowBackToWaiting()
    {
        var id = await QuarantineOnAAsync("refused-marker");
        await using var refusing = new SmtpSink { RcptReply = "550 no such user" };

        var refused = await _b.ReleaseAsync(id, new SmtpReinjector("127.0.0.1", refusing.Port), null);

        Assert.Equal(ReleaseOutcome.Failed, refused.Outcome);
        Assert.Equal(SharedEntry.Waiting, _b.Find(id)!.State);
        Assert.Equal(ReleaseOutcome.Released, (await _b.ReleaseAsync(id, Reinjector(), null)).Outcome);
        Assert.Single(Sent());
    }

    [Fact]
    public async Task AMessageOnlyItsNodeHoldsIsReleasedFromAnotherNodeByRequestAndSentOnceByItsNode()
    {
        // Node A keeps no bytes in the database (store-quarantine-max=0): B cannot send it, B asks.
        var a = NodeAKeepingNoCopies();
        var id = await QuarantineOnAAsync("big-marker", node: a);
        Assert.False(_b.Find(id)!.HasMessage);

        var requested = await _b.ReleaseAsync(id, Reinjector(), ["carol@example.net"]);
        var twice = await _b.ReleaseAsync(id, Reinjector(), null);

        Assert.Equal(ReleaseOutcome.Requested, requested.Outcome);
        Assert.Contains("release requested, node node-a sends it at its next sync", requested.Detail, StringComparison.Ordinal);
        Assert.Equal(ReleaseOutcome.AlreadyRequested, twice.Outcome);
        Assert.Contains("release already requested (by node node-b)", twice.Detail, StringComparison.Ordinal);
        Assert.Equal(SharedEntry.Requested, _b.Find(id)!.State);
        Assert.Empty(Sent());

        // A sync without a way to send leaves it waiting for one that has.
        Assert.Equal(0, (await QuarantineSync.RunAsync(a)).Sent);
        Assert.Empty(Sent());

        var sync = await QuarantineSync.RunAsync(a, Reinjector());
        Assert.Equal(1, sync.Sent);
        Assert.Empty(sync.Problems);
        var sent = Assert.Single(Sent());
        Assert.Equal(["<carol@example.net>"], sent.RcptTo);
        Assert.Contains("big-marker", sent.Data, StringComparison.Ordinal);
        Assert.Equal(SharedEntry.Released, _b.Find(id)!.State);
        Assert.True(a.Local.Find(id)!.Released);

        Assert.Equal(ReleaseOutcome.AlreadyReleased, (await _b.ReleaseAsync(id, Reinjector(), null)).Outcome);
        Assert.Equal(0, (await QuarantineSync.RunAsync(a, Reinjector())).Sent);
        Assert.Single(Sent());
    }

    [Fact]
    public async Task ARequestWhoseFileIsGoneIsSaidAndTheRowWaitsAgain()
    {
        var a = NodeAKeepingNoCopies();
        var id = await QuarantineOnAAsync("gone-marker", node: a);
        Assert.Equal(ReleaseOutcome.Requested, (await _b.ReleaseAsync(id, Reinjector(), null)).Outcome);

        // The file went (retention, a hand-made rm) before node A's sync came round.
        File.Delete(a.Local.Find(id)!.Path);
        var sync = await QuarantineSync.RunAsync(a, Reinjector());

        Assert.Equal(0, sync.Sent);
        Assert.Contains(sync.Problems, p => p.Contains(id, StringComparison.Ordinal) && p.Contains("file is gone", StringComparison.Ordinal));
        Assert.Equal(SharedEntry.Waiting, _b.Find(id)!.State);
        Assert.Empty(Sent());
    }

    [Fact]
    public async Task AReleaseWhoseEndIsUnknownIsMarkedReleasedByOneOfTwoAdminsAtOnceAndNeverSentAgain()
    {
        var id = await QuarantineOnAAsync("unknown-end-marker");

        // The mail system took it, then the re-injection threw: how it ended is unknown.
        var stuck = await _b.ReleaseAsync(id, new ThenThrow(Reinjector()), null);
        Assert.Equal(ReleaseOutcome.Failed, stuck.Outcome);
        Assert.Contains("how the delivery ended is unknown", stuck.Detail, StringComparison.Ordinal);
        Assert.Equal(SharedEntry.Releasing, _a.Find(id)!.State);

        var both = await Task.WhenAll(
            StuckRelease.SettleAsync(_a, id, SharedEntry.Released),
            StuckRelease.SettleAsync(_b, id, SharedEntry.Waiting));

        var won = Assert.Single(both, r => r.Settled);
        var lost = Assert.Single(both, r => !r.Settled);
        var state = won.Detail.Contains("marked released", StringComparison.Ordinal) ? SharedEntry.Released : SharedEntry.Waiting;
        Assert.Contains($"its state is '{state}' now, not 'releasing'", lost.Detail, StringComparison.Ordinal);
        Assert.Equal(state, _a.Find(id)!.State);
        Assert.False((await StuckRelease.SettleAsync(_a, id, SharedEntry.Released)).Settled);

        // Released: never sent again, and node A's file follows at its sync. Waiting: released once more.
        var again = await _b.ReleaseAsync(id, Reinjector(), null);
        if (state == SharedEntry.Released)
        {
            Assert.Equal(ReleaseOutcome.AlreadyReleased, again.Outcome);
            Assert.Equal(1, (await QuarantineSync.RunAsync(_a)).MarkedReleased);
            Assert.Single(Sent());
        }
        else
        {
            Assert.Equal(ReleaseOutcome.Released, again.Outcome);
            Assert.Equal(2, Sent().Count);
        }
    }

    [Fact]
    public async Task TheCommandPutsAReleasingRowBackToWaitingOnceAndSaysWho()
    {
        var id = await QuarantineOnAAsync("back-to-waiting-marker");
        var env = NodeACommandEnvironment($"reinject=smtp:127.0.0.1:{_sink.Port}\n");

        var waiting = VigilProcess.Run(["quarantine", "settle", id, "waiting"], environment: env);
        Assert.Equal(1, waiting.ExitCode);
        Assert.Contains("its state is 'waiting' now, not 'releasing'", waiting.Stderr, StringComparison.Ordinal);

        // The re-injection threw before the mail system had it; the row says releasing all the same.
        Assert.Equal(ReleaseOutcome.Failed, (await _b.ReleaseAsync(id, new ThenThrow(null), null)).Outcome);
        Assert.Equal(SharedEntry.Releasing, _a.Find(id)!.State);
        Assert.Equal(2, VigilProcess.Run(["quarantine", "settle", id, "sent"], environment: env).ExitCode);

        var settled = VigilProcess.Run(["quarantine", "settle", id, "waiting"], environment: env);
        var twice = VigilProcess.Run(["quarantine", "settle", id, "released"], environment: env);

        Assert.True(settled.ExitCode == 0, settled.Stderr);
        Assert.Equal($"{id}: back to waiting (node node-a); it may be released again\n", settled.Stdout);
        Assert.Equal(1, twice.ExitCode);
        Assert.Contains("not 'releasing'", twice.Stderr, StringComparison.Ordinal);
        Assert.Equal(SharedEntry.Waiting, _b.Find(id)!.State);
        Assert.Equal(ReleaseOutcome.Released, (await _b.ReleaseAsync(id, Reinjector(), null)).Outcome);
        Assert.Single(Sent());

        // Who did it, in the action log the dashboard shows as the message's history.
        await using var connection = (await _a.ConnectAsync(CancellationToken.None))!;
        await using var command = new NpgsqlCommand("SELECT user_name, action, outcome FROM web_actions WHERE quarantine_id = @id ORDER BY id;", connection);
        command.Parameters.AddWithValue("id", id);
        var rows = new List<(string, string, string)>();
        await using (var r = await command.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                rows.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
            }
        }

        var user = Environment.UserName;
        Assert.Equal([(user, "back to waiting", "refused"), (user, "back to waiting", "done"), (user, "mark released", "refused")], rows);
    }

    [Fact]
    public async Task AReleasingRowWhoseFileHereSaysReleasedIsNotPutBackToWaiting()
    {
        var id = await QuarantineOnAAsync("own-file-settle-marker");

        // Node A's own release from its file: delivered and the file flagged P, then the database went away.
        Assert.Equal(ReleaseOutcome.Released, (await _a.ReleaseAsync(id, new ThenStop(Reinjector(), _postgres.Stop), null)).Outcome);
        _postgres.Start();
        Assert.Equal(SharedEntry.Releasing, _b.Find(id)!.State);
        Assert.True(_a.Local.Find(id)!.Released);

        var refused = await StuckRelease.SettleAsync(_a, id, SharedEntry.Waiting);
        Assert.False(refused.Settled);
        Assert.Contains("this node's file says it was released (flag P); mark it released instead", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(SharedEntry.Releasing, _b.Find(id)!.State);

        Assert.True((await StuckRelease.SettleAsync(_a, id, SharedEntry.Released)).Settled);
        Assert.Equal(SharedEntry.Released, _b.Find(id)!.State);
        Assert.Empty((await QuarantineSync.RunAsync(_a)).Problems);   // the state .pending/ kept meets a settled row: nothing more
        Assert.Single(Sent());
    }

    [Fact]
    public async Task ASlowReleasesLateRefusalAfterAnAdminSettledItDoesNotOverwriteTheNextClaim()
    {
        var id = await QuarantineOnAAsync("late-end-marker");
        await using var refusing = new SmtpSink { RcptReply = "550 no such user" };

        // Node B's release is slow, not dead: held before its delivery (which the mail system then refuses).
        var slow = new Held(new SmtpReinjector("127.0.0.1", refusing.Port));
        var first = _b.ReleaseAsync(id, slow, null);
        await slow.Entered.Task;

        // An admin takes it for stuck and puts it back; node A claims it and is still sending.
        Assert.True((await StuckRelease.SettleAsync(_a, id, SharedEntry.Waiting)).Settled);
        var sending = new Held(Reinjector());
        var second = _a.ReleaseAsync(id, sending, null);
        await sending.Entered.Task;

        slow.Go.SetResult();
        var late = await first;
        Assert.Equal(ReleaseOutcome.Failed, late.Outcome);
        Assert.Contains("the row was settled or claimed again meanwhile, so it was left as it is (not set waiting)", late.Detail, StringComparison.Ordinal);
        var row = _b.Find(id)!;
        Assert.Equal(SharedEntry.Releasing, row.State);
        Assert.Equal("node-a", row.StateNode);

        await TheHeldClaimAloneSendsItAsync(id, sending, second);
    }

    [Fact]
    public async Task APendingStateOfASettledReleaseIsNotAppliedToTheNextClaim()
    {
        var id = await QuarantineOnAAsync("late-pending-marker");
        await using var refusing = new SmtpSink { RcptReply = "550 no such user" };

        // Node B's delivery is refused and the database goes away before it hears: .pending/ says waiting.
        var refused = await _b.ReleaseAsync(id, new ThenStop(new SmtpReinjector("127.0.0.1", refusing.Port), _postgres.Stop), null);
        Assert.EndsWith("the sync records it as waiting", refused.Detail, StringComparison.Ordinal);
        _postgres.Start();

        Assert.True((await StuckRelease.SettleAsync(_a, id, SharedEntry.Waiting)).Settled);
        var sending = new Held(Reinjector());
        var second = _a.ReleaseAsync(id, sending, null);
        await sending.Entered.Task;

        var sync = await QuarantineSync.RunAsync(_b);
        Assert.Empty(sync.Problems);
        Assert.Equal(0, sync.Told);
        Assert.Equal(1, sync.Superseded);
        Assert.False(Directory.EnumerateFiles(Path.Combine(_b.Local.Root, PendingStates.FolderName)).Any());
        Assert.Equal(SharedEntry.Releasing, _b.Find(id)!.State);
        await TheHeldClaimAloneSendsItAsync(id, sending, second);
    }

    /// <summary>The environment of a `vigil` command run as node A: a control directory with A's quarantine, the shared store and <paramref name="moreOptions"/>.</summary>
    private Dictionary<string, string> NodeACommandEnvironment(string moreOptions = "")
    {
        var control = Path.Combine(_dir.Path, "control");
        Directory.CreateDirectory(control);
        File.WriteAllText(Path.Combine(control, "options"), $"quarantine={_a.Local.Root}\nstore={_postgres.Url}\n{moreOptions}");
        return new Dictionary<string, string> { ["VIGIL_CONTROL"] = control, ["VIGIL_NODE"] = "node-a" };
    }

    /// <summary>
    /// While <paramref name="sending"/> (the newest claim) is held, another release finds the
    /// message being sent; let go, that claim releases it, and it was sent once.
    /// </summary>
    private async Task TheHeldClaimAloneSendsItAsync(string id, Held sending, Task<ReleaseResult> second)
    {
        Assert.Equal(ReleaseOutcome.AlreadyReleased, (await _b.ReleaseAsync(id, Reinjector(), null)).Outcome);

        sending.Go.SetResult();
        Assert.Equal(ReleaseOutcome.Released, (await second).Outcome);
        Assert.Equal(SharedEntry.Released, _b.Find(id)!.State);
        Assert.Single(Sent());
    }

    [Fact]
    public async Task CleanupPrunesThisNodesRowsWhoseFilesAreGoneButNoYoungWaitingOrReleasingRow()
    {
        var expired = await QuarantineOnAAsync("expired-marker");
        var young = await QuarantineOnAAsync("young-marker");
        var tombstone = await QuarantineOnAAsync("tombstone-marker");
        var stuck = await QuarantineOnAAsync("stuck-marker");
        var onB = await QuarantineOnBAsync("node-b-marker");
        Assert.Equal(ReleaseOutcome.Failed, (await _b.ReleaseAsync(stuck, new ThenThrow(null), null)).Outcome);
        File.Delete(_a.Local.Find(young)!.Path);                       // removed by hand: its row is younger than the retention
        Assert.Equal(DeleteResult.Done, _b.Delete(tombstone));         // deleted on B: A's file goes at A's sync
        File.SetLastWriteTimeUtc(_a.Local.Find(expired)!.Path, DateTime.UtcNow.AddDays(-20));
        File.SetLastWriteTimeUtc(_a.Local.Find(stuck)!.Path, DateTime.UtcNow.AddDays(-20));
        File.SetLastWriteTimeUtc(_b.Local.Find(onB)!.Path, DateTime.UtcNow.AddDays(-20));
        var env = NodeACommandEnvironment();

        var first = VigilProcess.Run(["cleanup", "--days", "14"], environment: env);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("removed 1 shared quarantine rows of node node-a whose files are gone", first.Stdout, StringComparison.Ordinal);
        Assert.Null(_b.Find(expired));
        Assert.Equal(SharedEntry.Waiting, _b.Find(young)!.State);
        Assert.Equal(SharedEntry.Releasing, _b.Find(stuck)!.State);    // its file is gone, its row waits for an admin
        Assert.Equal(SharedEntry.Waiting, _a.Find(onB)!.State);        // another node's rows are its own cleanup's

        // The tombstone goes once A's sync has removed the file; the sync then adds nothing back.
        Assert.Equal(1, (await QuarantineSync.RunAsync(_a)).Removed);
        var second = VigilProcess.Run(["cleanup", "--days", "14"], environment: env);
        Assert.Contains("removed 1 shared quarantine rows of node node-a", second.Stdout, StringComparison.Ordinal);
        await using var connection = (await _a.ConnectAsync(CancellationToken.None))!;
        var states = await SharedQuarantine.StatesAsync(connection, [expired, young, tombstone, stuck, onB], CancellationToken.None);
        Assert.Equal(new[] { onB, stuck, young }.Order(StringComparer.Ordinal), states.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, (await QuarantineSync.RunAsync(_a)).Added);
    }

    [Fact]
    public async Task TheSyncAsksOnlyForItsOwnIdsInBatchesAndAddsEachFileOnce()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await QuarantineOnAAsync("batch-marker-" + i, sync: false));
        }

        Assert.Equal(3, (await QuarantineSync.RunAsync(_a)).Added);
        Assert.Equal(0, (await QuarantineSync.RunAsync(_a)).Added);

        // More ids than one batch, nearly all unknown: every known one is answered.
        var asked = Enumerable.Range(0, (2 * SharedQuarantine.StatesBatch) + 500).Select(i => $"1700000000.M{i}P1Q1.unknown").Concat(ids).ToList();
        await using var connection = (await _a.ConnectAsync(CancellationToken.None))!;
        var states = await SharedQuarantine.StatesAsync(connection, asked, CancellationToken.None);
        Assert.Equal(ids.Order(StringComparer.Ordinal), states.Keys.Order(StringComparer.Ordinal));
        Assert.All(states.Values, s => Assert.Equal(SharedEntry.Waiting, s));
    }

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        _postgres.Dispose();
        _dir.Dispose();
    }

    /// <summary>Quarantines a message on node A (<paramref name="node"/>: A with other settings) and, with <paramref name="sync"/>, adds it to the database.</summary>
    private async Task<string> QuarantineOnAAsync(string marker, bool sync = true, ReleaseService? node = null)
    {
        node ??= _a;
        var raw = Encoding.ASCII.GetBytes($"Subject: {marker}\r\n\r\n{marker}\r\n");
        var record = await node.Local.StoreAsync(new MemoryStream(raw), new Envelope("alice@example.org", ["bob@example.net"]), PolicyVerdict, "policy", CancellationToken.None);
        if (sync)
        {
            Assert.Equal(1, (await QuarantineSync.RunAsync(node)).Added);
        }

        return record.Id;
    }

    private async Task<string> QuarantineOnBAsync(string marker)
    {
        var raw = Encoding.ASCII.GetBytes($"Subject: {marker}\r\n\r\n{marker}\r\n");
        var record = await _b.Local.StoreAsync(new MemoryStream(raw), new Envelope("alice@example.org", ["bob@example.net"]), PolicyVerdict, "policy", CancellationToken.None);
        Assert.Equal(1, (await QuarantineSync.RunAsync(_b)).Added);
        return record.Id;
    }

    /// <summary>Node A as store-quarantine-max=0 sets it: no message's bytes go into the database.</summary>
    private ReleaseService NodeAKeepingNoCopies()
    {
        Assert.True(StoreLocation.TryParse(_postgres.Url, out var location, out var error), error);
        return new ReleaseService(_a.Local, location, "node-a", maxBytes: 0);
    }

    private SmtpReinjector Reinjector() => new("127.0.0.1", _sink.Port);

    private List<SmtpSink.Transaction> Sent()
    {
        lock (_sink.Transactions)
        {
            return [.. _sink.Transactions];
        }
    }

    /// <summary>
    /// The re-injection throwing (a fault no real mail system produces on demand): after the real
    /// one took the message when <paramref name="inner"/> is given, else before anything is sent.
    /// </summary>
    private sealed class ThenThrow(IReinjector? inner) : IReinjector
    {
        public async Task<ReinjectResult> ReinjectAsync(Stream message, string sender, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
        {
            if (inner is not null)
            {
                await inner.ReinjectAsync(message, sender, recipients, cancellationToken);
            }

            throw new IOException("connection reset after DATA");
        }
    }

    /// <summary>Holds the delivery (a release that is slow, not dead) until the test lets it go, then delivers through the real mail system.</summary>
    private sealed class Held(IReinjector inner) : IReinjector
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Go { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<ReinjectResult> ReinjectAsync(Stream message, string sender, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
        {
            Entered.SetResult();
            await Go.Task.WaitAsync(cancellationToken);
            return await inner.ReinjectAsync(message, sender, recipients, cancellationToken);
        }
    }

    /// <summary>Delivers through the real mail system, then stops PostgreSQL: the database dies between the delivery and its record.</summary>
    private sealed class ThenStop(IReinjector inner, Action stop) : IReinjector
    {
        public async Task<ReinjectResult> ReinjectAsync(Stream message, string sender, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
        {
            var result = await inner.ReinjectAsync(message, sender, recipients, cancellationToken);
            stop();
            return result;
        }
    }
}
