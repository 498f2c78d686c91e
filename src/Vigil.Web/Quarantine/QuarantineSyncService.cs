using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Store.Quarantine;
using Vigil.Web.Hosting;

namespace Vigil.Web.Quarantine;

/// <summary>
/// With a PostgreSQL store: runs <see cref="QuarantineSync"/> for this node at start and every
/// <see cref="DashboardSettings.SyncInterval"/>, so what was quarantined while the database was
/// down (or by a door that ended before its copy was made) reaches every node's dashboard, and
/// what another node released or deleted is applied to this node's files.
/// </summary>
public sealed partial class QuarantineSyncService(QuarantineService quarantine, DashboardSettings settings, ILogger<QuarantineSyncService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!quarantine.Releases.IsShared)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.SyncInterval);
        do
        {
            try
            {
                // Another node's release request of a message only this node holds goes out through this node's reinject=.
                var reinjector = QuarantineOptions.Reinjector(settings.Reinject, out var error);
                if (reinjector is null)
                {
                    Problem(log, $"reinject: {error}; other nodes' release requests wait");
                }

                var r = await QuarantineSync.RunAsync(quarantine.Releases, reinjector, stoppingToken).ConfigureAwait(false);
                if (r.Added + r.MarkedReleased + r.Removed + r.Told + r.Sent > 0)
                {
                    Synced(log, r.Added, r.MarkedReleased, r.Removed, r.Told, r.Sent);
                }

                if (r.Superseded > 0)
                {
                    Superseded(log, r.Superseded);
                }

                foreach (var p in r.Problems.Take(5))
                {
                    Problem(log, p);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Problem(log, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "quarantine sync: {Added} added to the store, {Released} marked released, {Removed} removed, {Told} released here told to the store, {Sent} sent on another node's request")]
    private static partial void Synced(ILogger log, int added, int released, int removed, int told, int sent);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Information, Message = "quarantine sync: {Count} state(s) a release left in .pending/ not applied: the row was settled or claimed by another release meanwhile, and is left as it is")]
    private static partial void Superseded(ILogger log, int count);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Warning, Message = "quarantine sync: {Problem}")]
    private static partial void Problem(ILogger log, string problem);
}
