using Npgsql;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Store.Location;

namespace Vigil.Store.Quarantine;

/// <summary>
/// Release and delete of quarantined messages, for `vigil quarantine` and the dashboard alike.
/// With a SQLite store (or none) it is this node's quarantine files (<see cref="QuarantineStore"/>,
/// its release lock). With PostgreSQL, the shared `quarantine` table is asked first, under a row
/// lock (SELECT … FOR UPDATE) under which a waiting message is marked 'releasing' with a random
/// claim token and committed before anything is sent: a message this node quarantined is then released from its file as
/// before, another node's from the bytes the database keeps, and the row set 'released' (or back
/// to 'waiting' when the mail system refused it), only while the row still holds that token (an
/// admin's settle clears it, so a slow release's late end never overwrites a later claim). Two releases of one message at once, on one
/// node or two, send it once: the second waits on the row and finds it releasing or released.
/// Should the database fail after the delivery, the release stands with a warning and
/// <see cref="PendingStates"/> keeps the state for <see cref="QuarantineSync"/>; a row left
/// 'releasing' (the delivery's end unknown) is shown as such and never sent again automatically.
/// While the database cannot be reached, release and delete are refused ("database unreachable,
/// try again"): without the row lock another node could send the database's copy too, and a
/// delete of the file alone would leave the row waiting for any node to release.
/// </summary>
public sealed class ReleaseService
{
    /// <summary>Messages listed from the database at most.</summary>
    public const int ListLimit = 5_000;

    private readonly string? _connectionString;

    public ReleaseService(QuarantineStore local, StoreLocation? store, string node, long maxBytes = QuarantineLimits.DefaultMaxBytes)
    {
        Local = local;
        Node = node;
        MaxBytes = maxBytes;
        _connectionString = store?.PostgresConnection is { } pg
            ? new NpgsqlConnectionStringBuilder(pg) { Pooling = true, Timeout = 10, CommandTimeout = 30, ApplicationName = "vigil" }.ConnectionString
            : null;
    }

    public QuarantineStore Local { get; }

    public string Node { get; }

    /// <summary>Original messages up to this size are kept in the database (store-quarantine-max).</summary>
    public long MaxBytes { get; }

    /// <summary>True when the quarantine is shared through PostgreSQL.</summary>
    public bool IsShared => _connectionString is not null;

    /// <summary>Why the database was not used the last time it was asked for (null: it was, or there is none).</summary>
    public string? LastDatabaseError { get; private set; }

    /// <summary>Every message, newest first: the shared table's (every node's) and this node's files it does not have yet.</summary>
    public IReadOnlyList<SharedEntry> List()
    {
        var local = Directory.Exists(Local.Root) ? Local.List() : [];
        var files = new Dictionary<string, QuarantineRecord>(local.Count, StringComparer.Ordinal);
        foreach (var r in local)
        {
            files[r.Id] = r;
        }

        var list = new List<SharedEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (Connect() is { } connection)
        {
            using (connection)
            {
                foreach (var e in SharedQuarantine.List(connection, ListLimit))
                {
                    seen.Add(e.Record.Id);
                    list.Add(e.Node == Node && files.TryGetValue(e.Record.Id, out var file) ? e with { Record = file with { Flags = e.Record.Flags.Length > 0 && !file.Released ? file.Flags + "P" : file.Flags } } : e);
                }
            }
        }

        foreach (var r in local)
        {
            if (!seen.Contains(r.Id))
            {
                list.Add(new SharedEntry(r, Node, r.Released ? SharedEntry.Released : SharedEntry.Waiting, HasMessage: true));
            }
        }

        list.Sort((a, b) => b.Record.Stored != a.Record.Stored ? b.Record.Stored.CompareTo(a.Record.Stored) : string.CompareOrdinal(b.Record.Id, a.Record.Id));
        return list;
    }

    /// <summary>The message with this id (the database's, or this node's file), or null.</summary>
    public SharedEntry? Find(string id)
    {
        if (!MaildirName.IsValidId(id))
        {
            return null;
        }

        var file = Directory.Exists(Local.Root) ? Local.Find(id) : null;
        if (Connect() is { } connection)
        {
            using (connection)
            {
                if (SharedQuarantine.Find(connection, id) is { } e)
                {
                    return e.State == SharedEntry.Deleted ? null
                        : e.Node == Node && file is not null ? e with { Record = e.State == SharedEntry.Released && !file.Released ? file with { Flags = file.Flags + "P" } : file }
                        : e;
                }
            }
        }

        return file is null ? null : new SharedEntry(file, Node, file.Released ? SharedEntry.Released : SharedEntry.Waiting, HasMessage: true);
    }

    /// <summary>The first <paramref name="max"/> bytes of the original message (without Vigil's headers), or null.</summary>
    public byte[]? Head(SharedEntry entry, int max)
    {
        if (entry.Record.Path.Length > 0)
        {
            try
            {
                using var stream = File.OpenRead(entry.Record.Path);
                stream.Position = entry.Record.HeaderLength;
                var buffer = new byte[(int)Math.Min(max, Math.Max(0, stream.Length - entry.Record.HeaderLength))];
                stream.ReadExactly(buffer);
                return buffer;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile (released or cleaned up on this node): the database may still have it.
            }
        }

        if (Connect() is not { } connection)
        {
            return null;
        }

        using (connection)
        {
            return SharedQuarantine.Message(connection, entry.Record.Id, max);
        }
    }

    /// <summary>The whole original message (without Vigil's headers): this node's file, else the database's copy; null when neither has it.</summary>
    public Stream? OpenOriginal(SharedEntry entry)
    {
        if (entry.Record.Path.Length > 0)
        {
            try
            {
                var stream = File.OpenRead(entry.Record.Path);
                stream.Position = entry.Record.HeaderLength;
                return stream;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile: the database may still have it.
            }
        }

        if (!entry.HasMessage || Connect() is not { } connection)
        {
            return null;
        }

        using (connection)
        {
            return SharedQuarantine.Message(connection, entry.Record.Id) is { } bytes ? new MemoryStream(bytes, writable: false) : null;
        }
    }

    /// <summary>
    /// Re-injects the original message from its original sender to its recipients, or to
    /// <paramref name="recipients"/> when given; see the class for how two nodes agree.
    /// </summary>
    public async Task<ReleaseResult> ReleaseAsync(string id, IReinjector reinjector, IReadOnlyList<string>? recipients, CancellationToken cancellationToken = default)
    {
        if (!MaildirName.IsValidId(id))
        {
            return new ReleaseResult(ReleaseOutcome.NotFound, null, $"{id}: no such quarantined message");
        }

        if (!IsShared)
        {
            return await Local.ReleaseAsync(id, reinjector, recipients, cancellationToken).ConfigureAwait(false);
        }

        return await ReleaseSharedAsync(id, reinjector, recipients, fulfilling: false, retried: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Carries out another node's release request of a message only this node holds: only while
    /// its row still says requested, to the recipients read from the row under its lock. The file
    /// gone: the row goes back to waiting (the request cannot be met) and the result says why.
    /// </summary>
    public Task<ReleaseResult> FulfilRequestAsync(string id, IReinjector reinjector, CancellationToken cancellationToken = default) =>
        ReleaseSharedAsync(id, reinjector, null, fulfilling: true, retried: false, cancellationToken);

    private async Task<ReleaseResult> ReleaseSharedAsync(string id, IReinjector reinjector, IReadOnlyList<string>? recipients, bool fulfilling, bool retried, CancellationToken cancellationToken)
    {
        if (await ConnectAsync(cancellationToken).ConfigureAwait(false) is not { } connection)
        {
            return new ReleaseResult(ReleaseOutcome.Failed, null, Unreachable());
        }

        await using (connection.ConfigureAwait(false))
        {
            Claim claim;
            try
            {
                claim = await ClaimAsync(connection, id, recipients, fulfilling, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
            {
                // Nothing was sent: the row is as it was (the transaction rolled back).
                LastDatabaseError = e.Message;
                if (!retried)
                {
                    // Once more on a new connection: the pooled ones die with a restarted server.
                    NpgsqlConnection.ClearPool(connection);
                    return await ReleaseSharedAsync(id, reinjector, recipients, fulfilling, retried: true, cancellationToken).ConfigureAwait(false);
                }

                return new ReleaseResult(ReleaseOutcome.Failed, null, Unreachable());
            }

            if (claim.Refusal is { } refusal)
            {
                return refusal;
            }

            var (result, known) = await DeliverAsync(claim, reinjector).ConfigureAwait(false);
            if (!known)
            {
                return result;
            }

            var sent = result.Outcome is ReleaseOutcome.Released or ReleaseOutcome.AlreadyReleased;
            return await SettleAsync(connection, id, claim.Token!, sent ? SharedEntry.Released : SharedEntry.Waiting, result).ConfigureAwait(false);
        }
    }

    /// <summary>Removes the message (its row's bytes in the database, then its file on this node); refused while the shared quarantine cannot be reached.</summary>
    public DeleteResult Delete(string id)
    {
        if (!MaildirName.IsValidId(id))
        {
            return DeleteResult.NotFound;
        }

        if (!IsShared)
        {
            return Local.Delete(id) ? DeleteResult.Done : DeleteResult.NotFound;
        }

        return DeleteShared(id, retried: false);
    }

    private DeleteResult DeleteShared(string id, bool retried)
    {
        if (Connect() is not { } connection)
        {
            return new DeleteResult(false, Unreachable());
        }

        using (connection)
        {
            try
            {
                using var transaction = connection.BeginTransaction();
                using (var find = new NpgsqlCommand("SELECT node, state FROM quarantine WHERE id = @id FOR UPDATE;", connection, transaction))
                {
                    find.Parameters.AddWithValue("id", id);
                    using var r = find.ExecuteReader();
                    if (!r.Read())
                    {
                        // Quarantined here and not in the database yet: no other node can see it. Gone, and the store's rows say so.
                        r.Close();
                        if (!Local.Delete(id))
                        {
                            return DeleteResult.NotFound;
                        }

                        SharedQuarantine.SetState(connection, transaction, id, SharedEntry.Deleted, Node);
                        transaction.Commit();
                        return DeleteResult.Done;
                    }

                    var state = r.GetString(1);
                    if (state == SharedEntry.Deleted)
                    {
                        return DeleteResult.NotFound;
                    }

                    if (state == SharedEntry.Releasing)
                    {
                        return new DeleteResult(false, "being released (its state is 'releasing'); not deleted");
                    }
                }

                SharedQuarantine.SetState(connection, transaction, id, SharedEntry.Deleted, Node);
                transaction.Commit();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
            {
                LastDatabaseError = e.Message;
                if (!retried)
                {
                    NpgsqlConnection.ClearPool(connection);
                    return DeleteShared(id, retried: true);
                }

                return new DeleteResult(false, Unreachable());
            }

            try
            {
                // After the commit: should this fail, the row says deleted and the sync removes the file.
                Local.Delete(id);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new DeleteResult(true, $"deleted, but the file stays until the next sync: {e.Message}");
            }

            return DeleteResult.Done;
        }
    }

    /// <summary>Async <see cref="Connect"/>: a connection to the shared quarantine, or null.</summary>
    public async Task<NpgsqlConnection?> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connectionString is null)
        {
            return null;
        }

        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            LastDatabaseError = null;
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            LastDatabaseError = e.Message;
            return null;
        }
    }

    /// <summary>A connection to the shared quarantine, or null (none configured, or not reachable: <see cref="LastDatabaseError"/> says why).</summary>
    public NpgsqlConnection? Connect()
    {
        if (_connectionString is null)
        {
            return null;
        }

        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            connection.Open();
            LastDatabaseError = null;
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
        {
            connection.Dispose();
            LastDatabaseError = e.Message;
            return null;
        }
    }

    private static string Unreachable(string? why) => $"database unreachable ({why ?? "no answer"}), try again";

    private string Unreachable() => Unreachable(LastDatabaseError);

    /// <summary>
    /// Under the row lock: finds the message (adding this node's file when the database lacks
    /// it), refuses what is gone, released or being released, and marks the rest 'releasing'
    /// (committed) so no other release sends it while this one does.
    /// </summary>
    /// <param name="fulfilling">Carrying out another node's request: only a row still 'requested', to the recipients it names.</param>
    private async Task<Claim> ClaimAsync(NpgsqlConnection connection, string id, IReadOnlyList<string>? recipients, bool fulfilling, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var entry = await SharedQuarantine.FindAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
        if (entry is null && Local.Find(id) is { } added)
        {
            // Quarantined here but not in the database yet (it was down, or the sync has not run).
            await SharedQuarantine.AddAsync(connection, transaction, added, Node, MaxBytes, cancellationToken).ConfigureAwait(false);
            entry = await SharedQuarantine.FindAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
        }

        if (entry is null || entry.State == SharedEntry.Deleted)
        {
            return Claim.Refused(ReleaseOutcome.NotFound, null, $"{id}: no such quarantined message");
        }

        if (entry.State == SharedEntry.Released)
        {
            return Claim.Refused(ReleaseOutcome.AlreadyReleased, entry.Record, $"{id}: already released");
        }

        if (entry.State == SharedEntry.Requested && entry.Node != Node)
        {
            return Claim.Refused(ReleaseOutcome.AlreadyRequested, entry.Record, $"{id}: release already requested (by node {entry.StateNode}); node {entry.Node} sends it at its next sync");
        }

        if (fulfilling)
        {
            if (entry.State != SharedEntry.Requested || entry.Node != Node)
            {
                return Claim.Refused(ReleaseOutcome.NotFound, entry.Record, $"{id}: no release request of this node's to carry out (its state is '{entry.State}')");
            }

            recipients = await SharedQuarantine.RequestedRecipientsAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
        }

        if (entry.State == SharedEntry.Releasing)
        {
            var since = entry.StateTime is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) : "?";
            return Claim.Refused(ReleaseOutcome.AlreadyReleased, entry.Record, $"{id}: already released (being sent by node {entry.StateNode} since {since}; not sent again)");
        }

        var file = entry.Node == Node ? Local.Find(id) : null;
        if (file is { Released: true })
        {
            // Released from the file before the database heard of it: it says so now.
            await SharedQuarantine.SetStateAsync(connection, transaction, id, SharedEntry.Released, Node, null, null, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return Claim.Refused(ReleaseOutcome.AlreadyReleased, file, $"{id}: already released");
        }

        var to = recipients is { Count: > 0 } ? recipients : (file ?? entry.Record).Recipients;
        if (to.Count == 0)
        {
            return Claim.Refused(ReleaseOutcome.NoRecipients, entry.Record, $"{id}: no envelope recipient recorded");
        }

        byte[]? bytes = null;
        if (file is null && (!entry.HasMessage || (bytes = await SharedQuarantine.MessageAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false)) is null))
        {
            if (entry.Node == Node)
            {
                if (fulfilling)
                {
                    // The request cannot be met: said, and the row waits again rather than promising a send.
                    await SharedQuarantine.SetStateAsync(connection, transaction, id, SharedEntry.Waiting, Node, null, SharedEntry.Requested, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                return Claim.Refused(ReleaseOutcome.Failed, entry.Record, $"{id}: this node's file is gone and the database kept no copy (bigger than store-quarantine-max)");
            }

            // Only its node holds the bytes: record the request (with the recipients asked for)
            // under the same lock; that node's sync sends it, once, through its own release.
            await SharedQuarantine.SetStateAsync(connection, transaction, id, SharedEntry.Requested, Node, recipients, SharedEntry.Waiting, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return Claim.Refused(ReleaseOutcome.Requested, entry.Record, $"{id}: kept only on node {entry.Node} (bigger than store-quarantine-max): release requested, node {entry.Node} sends it at its next sync");
        }

        // From waiting, or from requested when this node carries out another's request; the
        // token is this claim's own, so that only this release's end moves the row on.
        var token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await SharedQuarantine.ClaimAsync(connection, transaction, id, Node, entry.State, token, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new Claim(entry, file is not null, bytes, recipients, to, null) { Token = token };
    }

    /// <summary>
    /// Sends the claimed message (this node's file, else the database's bytes). Not cancelled once
    /// claimed: the re-injection is bounded by its own time-outs. Known false when how it ended is
    /// unknown (it threw): the row then stays 'releasing' and is never sent again automatically.
    /// </summary>
    private async Task<(ReleaseResult Result, bool Known)> DeliverAsync(Claim claim, IReinjector reinjector)
    {
        var entry = claim.Entry!;
        var id = entry.Record.Id;
        try
        {
            if (claim.FromFile)
            {
                return (await Local.ReleaseAsync(id, reinjector, claim.Recipients, CancellationToken.None).ConfigureAwait(false), true);
            }

            var result = await reinjector.ReinjectAsync(new MemoryStream(claim.Bytes!, writable: false), entry.Record.Sender ?? "", claim.To, CancellationToken.None).ConfigureAwait(false);
            if (!result.Success)
            {
                return (new ReleaseResult(ReleaseOutcome.Failed, entry.Record, result.Detail), true);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (new ReleaseResult(ReleaseOutcome.Failed, entry.Record, $"{id}: how the delivery ended is unknown ({e.Message}); its state stays 'releasing' and it is not sent again automatically"), false);
        }

        var released = entry.Record with { Recipients = claim.To };
        if (Directory.Exists(Local.Root))
        {
            try
            {
                Local.Log.Append(QuarantineLog.Format(DateTimeOffset.UtcNow, id, entry.Record.Folder, "released", "", entry.Record.Sender, claim.To, entry.Record.ClientIp, entry.Record.Subject));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (new ReleaseResult(ReleaseOutcome.Released, released, $"released from node {entry.Node}'s copy, but {Local.Log.FilePath}: {e.Message}"), true);
            }
        }

        return (new ReleaseResult(ReleaseOutcome.Released, released, $"from node {entry.Node}'s copy in the database"), true);
    }

    /// <summary>
    /// Moves the row on from 'releasing': released after a delivery, waiting after a refusal;
    /// only while the row still holds this release's claim <paramref name="token"/>. An admin may
    /// have settled it (this release was slow, not dead) and another release claimed it since:
    /// that one's end is the row's, so this one leaves it and says so. When the database cannot
    /// take it, the release still stands (with a warning) and the state is written down under the
    /// quarantine root, with the token, for <see cref="QuarantineSync"/> to apply.
    /// </summary>
    private async Task<ReleaseResult> SettleAsync(NpgsqlConnection connection, string id, string token, string state, ReleaseResult result)
    {
        try
        {
            if (await SharedQuarantine.FinishClaimAsync(connection, id, state, Node, state == SharedEntry.Released ? result.Record?.Recipients : null, token, CancellationToken.None).ConfigureAwait(false) == 0)
            {
                var note = $"the row was settled or claimed again meanwhile, so it was left as it is (not set {state})";
                return result with { Detail = result.Detail.Length > 0 ? $"{result.Detail}; {note}" : note };
            }

            return result;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
        {
            LastDatabaseError = e.Message;
            var later = PendingStates.Write(Local.Root, id, state, token, out var why)
                ? $"the sync records it as {state}"
                : $"it stays 'releasing' ({why})";
            var warning = $"the database did not record it ({e.Message}); {later}";
            return result with { Detail = result.Detail.Length > 0 ? $"{result.Detail}; {warning}" : warning };
        }
    }

    private sealed record Claim(SharedEntry? Entry, bool FromFile, byte[]? Bytes, IReadOnlyList<string>? Recipients, IReadOnlyList<string> To, ReleaseResult? Refusal)
    {
        /// <summary>This claim's token, written with 'releasing' (null: refused, nothing claimed).</summary>
        public string? Token { get; init; }

        public static Claim Refused(ReleaseOutcome outcome, QuarantineRecord? record, string detail) => new(null, false, null, null, [], new ReleaseResult(outcome, record, detail));
    }
}
