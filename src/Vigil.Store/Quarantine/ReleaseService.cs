using Npgsql;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Store.Location;

namespace Vigil.Store.Quarantine;

/// <summary>
/// Release and delete of quarantined messages, for `vigil quarantine` and the dashboard alike.
/// With a SQLite store (or none) it is this node's quarantine files (<see cref="QuarantineStore"/>,
/// its release lock). With PostgreSQL, the shared `quarantine` table is asked first, under a row
/// lock (SELECT … FOR UPDATE, held until the release is done): a message this node quarantined is
/// released from its file as before; another node's from the bytes the database keeps. Two
/// releases of one message at once, on one node or two, send it once: the second waits on the
/// row and finds it released. When the database cannot be reached, this node's files are
/// released as without it, and <see cref="QuarantineSync"/> tells the database later.
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
        var list = new List<SharedEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (Connect() is { } connection)
        {
            using (connection)
            {
                foreach (var e in SharedQuarantine.List(connection, ListLimit))
                {
                    seen.Add(e.Record.Id);
                    list.Add(e.Node == Node && local.FirstOrDefault(r => r.Id == e.Record.Id) is { } file ? e with { Record = file with { Flags = e.Record.Flags.Length > 0 && !file.Released ? file.Flags + "P" : file.Flags } } : e);
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

        if (Connect() is not { } connection)
        {
            return await Local.ReleaseAsync(id, reinjector, recipients, cancellationToken).ConfigureAwait(false);
        }

        await using (connection.ConfigureAwait(false))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var entry = SharedQuarantine.Find(connection, id, transaction);
            if (entry is null && Local.Find(id) is { } file)
            {
                // Quarantined here but not in the database yet (it was down, or the sync has not run).
                SharedQuarantine.Add(connection, transaction, file, Node, MaxBytes);
                entry = SharedQuarantine.Find(connection, id, transaction);
            }

            if (entry is null || entry.State == SharedEntry.Deleted)
            {
                return new ReleaseResult(ReleaseOutcome.NotFound, null, $"{id}: no such quarantined message");
            }

            if (entry.State == SharedEntry.Released)
            {
                return new ReleaseResult(ReleaseOutcome.AlreadyReleased, entry.Record, $"{id}: already released");
            }

            ReleaseResult result;
            if (entry.Node == Node && Local.Find(id) is not null)
            {
                result = await Local.ReleaseAsync(id, reinjector, recipients, cancellationToken).ConfigureAwait(false);
                if (result.Outcome == ReleaseOutcome.AlreadyReleased)
                {
                    // Released from the file while the database was away: it says so now.
                    SharedQuarantine.SetState(connection, transaction, id, SharedEntry.Released, Node);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return result;
                }
            }
            else
            {
                result = await ReleaseFromDatabaseAsync(connection, transaction, entry, reinjector, recipients, cancellationToken).ConfigureAwait(false);
            }

            if (result.Outcome == ReleaseOutcome.Released)
            {
                SharedQuarantine.SetState(connection, transaction, id, SharedEntry.Released, Node, result.Record?.Recipients);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return result;
        }
    }

    /// <summary>Removes the message (its file on this node, its row's bytes in the database); false when there is none.</summary>
    public bool Delete(string id)
    {
        if (!MaildirName.IsValidId(id))
        {
            return false;
        }

        if (Connect() is not { } connection)
        {
            return Local.Delete(id);
        }

        using (connection)
        {
            using var transaction = connection.BeginTransaction();
            var entry = SharedQuarantine.Find(connection, id, transaction);
            if (entry is null)
            {
                // Only this node's file (not copied yet): gone, and the store's rows say so.
                if (!Local.Delete(id))
                {
                    return false;
                }

                SharedQuarantine.SetState(connection, transaction, id, SharedEntry.Deleted, Node);
                transaction.Commit();
                return true;
            }

            if (entry.State == SharedEntry.Deleted)
            {
                return false;
            }

            if (entry.Node == Node)
            {
                Local.Delete(id);
            }

            SharedQuarantine.SetState(connection, transaction, id, SharedEntry.Deleted, Node);
            transaction.Commit();
            return true;
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

    private async Task<ReleaseResult> ReleaseFromDatabaseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SharedEntry entry, IReinjector reinjector, IReadOnlyList<string>? recipients, CancellationToken cancellationToken)
    {
        var id = entry.Record.Id;
        var to = recipients is { Count: > 0 } ? recipients : entry.Record.Recipients;
        if (to.Count == 0)
        {
            return new ReleaseResult(ReleaseOutcome.NoRecipients, entry.Record, $"{id}: no envelope recipient recorded");
        }

        if (!entry.HasMessage || SharedQuarantine.Message(connection, id, null, transaction) is not { } bytes)
        {
            return new ReleaseResult(ReleaseOutcome.Failed, entry.Record, $"kept only on node {entry.Node} (bigger than store-quarantine-max); release it there");
        }

        var result = await reinjector.ReinjectAsync(new MemoryStream(bytes, writable: false), entry.Record.Sender ?? "", to, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            return new ReleaseResult(ReleaseOutcome.Failed, entry.Record, result.Detail);
        }

        var released = entry.Record with { Recipients = to };
        if (Directory.Exists(Local.Root))
        {
            try
            {
                Local.Log.Append(QuarantineLog.Format(DateTimeOffset.UtcNow, id, entry.Record.Folder, "released", "", entry.Record.Sender, to, entry.Record.ClientIp, entry.Record.Subject));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new ReleaseResult(ReleaseOutcome.Released, released, $"released from node {entry.Node}'s copy, but {Local.Log.FilePath}: {e.Message}");
            }
        }

        return new ReleaseResult(ReleaseOutcome.Released, released, $"from node {entry.Node}'s copy in the database");
    }
}
