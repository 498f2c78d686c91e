using Vigil.Doors;
using Vigil.Engine.Gateway;
using Vigil.Engine.Policy.Control;
using Vigil.Server.Local;
using Vigil.Store.Location;

namespace Vigil.Commands;

/// <summary>
/// The store as `vigil serve` writes it, through the same bounded writer a door uses (rows
/// written in the background, the mail never waiting; a full queue or a database that is down
/// spills to the log): the outcomes of its SMTP and milter listeners as the engine reports them,
/// and those of the qmail doors that ask the local socket to write theirs (<see cref="TryTake"/>),
/// so such a door opens no database connection. A door that does not ask (an older vigil) stores
/// its own row from the reply's report; either way no message is counted twice.
/// </summary>
internal sealed class ServeStore(DoorStore store, TextWriter warnings) : IOutcomeObserver, ILocalRowStore
{
    private int _toldAboutOtherStore;

    public void Observe(OutcomeReport report)
    {
        if (report.Door is "smtp" or "milter")
        {
            store.Observe(report);
        }
    }

    /// <summary>
    /// The door's rows, when the door would write them to this daemon's store under this daemon's
    /// node name. Any other store (its own VIGIL_STORE, `store=` changed since the daemon started,
    /// none here) or another VIGIL_NODE leaves them to the door: its store is never dropped and
    /// its rows never renamed, at the price of the door's own connection (said once on stderr).
    /// </summary>
    public bool TryTake(OutcomeReport report, LocalStoreAsk ask, PolicyOptions controlOptions)
    {
        if (store.Location is not { } mine)
        {
            return false;
        }

        var theirs = StoreLocation.Resolve(controlOptions, ask.StoreVariable, out _);
        if (theirs is null || !mine.IsSameStore(theirs) || !string.Equals(ask.Node, report.Node, StringComparison.Ordinal))
        {
            if (theirs is not null && Interlocked.Exchange(ref _toldAboutOtherStore, 1) == 0)
            {
                warnings.WriteLine($"vigil: store: a door asking the socket stores to {theirs.Name} as node {ask.Node}, this daemon to {mine.Name} as node {report.Node}; such doors write their own rows");
            }

            return false;
        }

        store.Observe(report);
        return true;
    }
}
