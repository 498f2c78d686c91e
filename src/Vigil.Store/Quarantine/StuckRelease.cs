using Npgsql;
using Vigil.Engine.Dispositions.Quarantine;

namespace Vigil.Store.Quarantine;

/// <summary>
/// An admin's way out of a row left 'releasing' (the releasing node died, or the re-injection
/// threw after DATA, so whether the message went out is unknown and it is never sent again
/// automatically): after checking the mailbox, "mark released" (it was delivered after all) or
/// "back to waiting" (it was not; any node may release it again). Done under the row's lock and
/// only while the row still says 'releasing', so of two admins at once one settles it and the
/// other is told its state has moved on. The row records the node and the time; the caller
/// records who (the dashboard's action log, or the command's).
/// </summary>
public static class StuckRelease
{
    /// <summary>How the action log names a settle to <paramref name="state"/>, the same from the dashboard and the command line.</summary>
    public static string ActionName(string state) => state == SharedEntry.Released ? "mark released" : "back to waiting";

    /// <summary>Sets the 'releasing' row <paramref name="id"/> to <paramref name="state"/> (released or waiting).</summary>
    public static async Task<SettleResult> SettleAsync(ReleaseService service, string id, string state, CancellationToken cancellationToken = default)
    {
        if (state is not (SharedEntry.Released or SharedEntry.Waiting))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "released or waiting");
        }

        if (!MaildirName.IsValidId(id))
        {
            return new SettleResult(false, $"{id}: no such quarantined message");
        }

        if (!service.IsShared)
        {
            // Only the shared quarantine marks a message 'releasing'; a file is released or not.
            return new SettleResult(false, $"{id}: not being released (only a PostgreSQL store's shared quarantine has 'releasing'); nothing changed");
        }

        if (await service.ConnectAsync(cancellationToken).ConfigureAwait(false) is not { } connection)
        {
            return new SettleResult(false, Unreachable(service.LastDatabaseError));
        }

        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                var entry = await SharedQuarantine.FindAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
                if (entry is null || entry.State == SharedEntry.Deleted)
                {
                    return new SettleResult(false, $"{id}: no such quarantined message");
                }

                if (entry.State != SharedEntry.Releasing)
                {
                    // Another admin (or the sync, from a state a release left) settled it first.
                    return new SettleResult(false, $"{id}: its state is '{entry.State}' now, not 'releasing' (by node {entry.StateNode}); nothing changed");
                }

                if (state == SharedEntry.Waiting && entry.Node == service.Node && service.Local.Find(id) is { Released: true })
                {
                    // The file here moved to cur/ with the flag P after its delivery: the sync would set it released again.
                    return new SettleResult(false, $"{id}: this node's file says it was released (flag P); mark it released instead; nothing changed");
                }

                await SharedQuarantine.SetStateAsync(connection, transaction, id, state, service.Node, null, SharedEntry.Releasing, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
            {
                // Rolled back: the row still says releasing.
                return new SettleResult(false, Unreachable(e.Message));
            }
        }

        return state == SharedEntry.Released
            ? new SettleResult(true, $"{id}: marked released (node {service.Node}); it is not sent again")
            : new SettleResult(true, $"{id}: back to waiting (node {service.Node}); it may be released again");
    }

    private static string Unreachable(string? why) => $"database unreachable ({why ?? "no answer"}), try again";
}
