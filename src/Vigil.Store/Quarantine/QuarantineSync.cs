using Npgsql;
using Vigil.Engine.Dispositions.Quarantine;

namespace Vigil.Store.Quarantine;

/// <summary>
/// Brings this node's quarantine files and the shared quarantine (PostgreSQL) together: a file
/// the database does not have is added (with its bytes up to store-quarantine-max), a file whose
/// row another node released is marked released (moved to cur/ with the flag P, under the
/// release lock, as a release here would), one whose row was deleted is removed, and a file
/// released here whose row still says waiting or releasing (the database missed its end) sets it
/// released, as does a state <see cref="PendingStates"/> kept. A file another node asked to
/// release (its row says requested: the database kept no copy) is sent from here, through
/// <see cref="ReleaseService"/>, to the recipients asked for. Only the local files' ids are
/// asked about (in batches), and a file's bytes are read only when its row is missing. Run by `vigil store sync`,
/// by a door's store writer for the message it quarantined, and by the dashboard of every node
/// at start and every minute; running it twice changes nothing more.
/// </summary>
public static class QuarantineSync
{
    /// <summary>Files looked at per run at most.</summary>
    public const int MaxFiles = 100_000;

    public sealed record Result(int Added, int MarkedReleased, int Removed, int Told, IReadOnlyList<string> Problems)
    {
        /// <summary>Pending states left unapplied: their row was settled or claimed by another release since.</summary>
        public int Superseded { get; init; }

        /// <summary>Messages of this node that another node asked to release, sent now.</summary>
        public int Sent { get; init; }
    }

    /// <summary>A sync that leaves other nodes' release requests waiting (it has no way to send them).</summary>
    public static Task<Result> RunAsync(ReleaseService service, CancellationToken cancellationToken = default) =>
        RunAsync(service, null, cancellationToken);

    /// <param name="reinjector">How this node sends what another node asked to release (its messages kept only here); null: those wait.</param>
    public static async Task<Result> RunAsync(ReleaseService service, IReinjector? reinjector, CancellationToken cancellationToken = default)
    {
        var local = service.Local;
        if (!Directory.Exists(local.Root))
        {
            return new Result(0, 0, 0, 0, []);
        }

        var connection = await service.ConnectAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return new Result(0, 0, 0, 0, [service.LastDatabaseError ?? "no shared quarantine (the store is not PostgreSQL)"]);
        }

        await using (connection.ConfigureAwait(false))
        {
            int added = 0, released = 0, removed = 0, told = 0, sent = 0, superseded = 0;
            var problems = new List<string>();

            // Releases whose end the database missed (it went away after 'releasing').
            // Each only while its row is still under that release's claim: one settled by an admin
            // (and perhaps claimed by another release) since is left to its own end.
            foreach (var (id, state, claim) in PendingStates.Read(local.Root))
            {
                try
                {
                    var applied = await SharedQuarantine.FinishClaimAsync(connection, id, state, service.Node, null, claim, cancellationToken).ConfigureAwait(false);
                    told += applied;
                    superseded += 1 - applied;
                    PendingStates.Remove(local.Root, id);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or NpgsqlException)
                {
                    problems.Add($"{id}: {e.Message}");
                }
            }

            var files = local.List().Take(MaxFiles).ToList();
            var states = await SharedQuarantine.StatesAsync(connection, [.. files.Select(r => r.Id)], cancellationToken).ConfigureAwait(false);
            foreach (var r in files)
            {
                try
                {
                    if (!states.TryGetValue(r.Id, out var state))
                    {
                        added += await SharedQuarantine.AddAsync(connection, null, r, service.Node, service.MaxBytes, cancellationToken).ConfigureAwait(false) ? 1 : 0;
                    }
                    else if (state == SharedEntry.Released && !r.Released)
                    {
                        released += await MarkReleasedAsync(local, r.Id, cancellationToken).ConfigureAwait(false) ? 1 : 0;
                    }
                    else if (state == SharedEntry.Deleted)
                    {
                        removed += local.Delete(r.Id) ? 1 : 0;
                    }
                    else if (state is SharedEntry.Waiting or SharedEntry.Requested or SharedEntry.Releasing && r.Released)
                    {
                        // Released from the file (before the database heard of it, or a release here whose end it missed).
                        told += await SharedQuarantine.SetStateAsync(connection, null, r.Id, SharedEntry.Released, service.Node, null, state, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or NpgsqlException)
                {
                    problems.Add($"{r.Id}: {e.Message}");
                }
            }

            // Other nodes' release requests of messages only this node holds, from the rows (a file
            // gone is said, and its row waits again); each under the row's lock, to the recipients it names.
            if (reinjector is null)
            {
                // Nothing to send them with: they wait for a sync that has (the dashboard's, or `vigil store sync`).
                return new Result(added, released, removed, told, problems) { Superseded = superseded };
            }

            foreach (var id in await SharedQuarantine.RequestedIdsAsync(connection, service.Node, cancellationToken).ConfigureAwait(false))
            {
                var result = await service.FulfilRequestAsync(id, reinjector, cancellationToken).ConfigureAwait(false);
                if (result.Outcome == ReleaseOutcome.Released)
                {
                    sent++;
                }
                else if (result.Outcome != ReleaseOutcome.NotFound)
                {
                    problems.Add($"{id}: release requested by another node: {result.Detail}");
                }
            }

            return new Result(added, released, removed, told, problems) { Sent = sent, Superseded = superseded };
        }
    }

    /// <summary>Adds the one file <paramref name="id"/> (just quarantined) to the database; true when added.</summary>
    public static bool AddOne(ReleaseService service, NpgsqlConnection connection, string id) =>
        service.Local.Find(id) is { } r && SharedQuarantine.Add(connection, null, r, service.Node, service.MaxBytes);

    /// <summary>Moves the file to cur/ with the flag P, under the release lock, when it is still waiting there.</summary>
    private static async Task<bool> MarkReleasedAsync(QuarantineStore local, string id, CancellationToken cancellationToken)
    {
        using var held = await ReleaseLock.AcquireAsync(local.Root, cancellationToken).ConfigureAwait(false);
        if (local.Find(id) is not { Released: false } r)
        {
            return false;
        }

        var cur = Path.Combine(local.Root, r.Folder, "cur");
        Directory.CreateDirectory(cur);
        File.Move(r.Path, Path.Combine(cur, MaildirName.WithFlags(id, r.Flags + "P")));
        return true;
    }
}
