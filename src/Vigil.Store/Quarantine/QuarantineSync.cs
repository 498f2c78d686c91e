using Npgsql;
using Vigil.Engine.Dispositions.Quarantine;

namespace Vigil.Store.Quarantine;

/// <summary>
/// Brings this node's quarantine files and the shared quarantine (PostgreSQL) together: a file
/// the database does not have is added (with its bytes up to store-quarantine-max), a file whose
/// row another node released is marked released (moved to cur/ with the flag P, under the
/// release lock, as a release here would), one whose row was deleted is removed, and a file
/// released here while the database was away sets its row released. Run by `vigil store sync`,
/// by a door's store writer for the message it quarantined, and by the dashboard of every node
/// at start and every minute; running it twice changes nothing more.
/// </summary>
public static class QuarantineSync
{
    /// <summary>Files looked at per run at most.</summary>
    public const int MaxFiles = 100_000;

    public sealed record Result(int Added, int MarkedReleased, int Removed, int Told, IReadOnlyList<string> Problems);

    public static async Task<Result> RunAsync(ReleaseService service, CancellationToken cancellationToken = default)
    {
        var local = service.Local;
        if (!Directory.Exists(local.Root))
        {
            return new Result(0, 0, 0, 0, []);
        }

        using var connection = service.Connect();
        if (connection is null)
        {
            return new Result(0, 0, 0, 0, [service.LastDatabaseError ?? "no shared quarantine (the store is not PostgreSQL)"]);
        }

        var states = SharedQuarantine.States(connection, service.Node, MaxFiles);
        int added = 0, released = 0, removed = 0, told = 0;
        var problems = new List<string>();
        foreach (var r in local.List().Take(MaxFiles))
        {
            try
            {
                if (!states.TryGetValue(r.Id, out var state))
                {
                    added += SharedQuarantine.Add(connection, null, r, service.Node, service.MaxBytes) ? 1 : 0;
                }
                else if (state == SharedEntry.Released && !r.Released)
                {
                    released += await MarkReleasedAsync(local, r.Id, cancellationToken).ConfigureAwait(false) ? 1 : 0;
                }
                else if (state == SharedEntry.Deleted)
                {
                    removed += local.Delete(r.Id) ? 1 : 0;
                }
                else if (state == SharedEntry.Waiting && r.Released)
                {
                    told += SharedQuarantine.SetState(connection, null, r.Id, SharedEntry.Released, service.Node) > 0 ? 1 : 0;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NpgsqlException)
            {
                problems.Add($"{r.Id}: {e.Message}");
            }
        }

        return new Result(added, released, removed, told, problems);
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
