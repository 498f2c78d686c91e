using Vigil.Doors;
using Vigil.Engine.Gateway;

namespace Vigil.Commands;

/// <summary>
/// The store as `vigil serve` writes it: the outcomes of its SMTP and milter listeners, through
/// the same bounded writer a door uses (rows written in the background, the mail never waiting;
/// a full queue or a database that is down spills to the log). The qmail doors that ask the
/// daemon's local socket store their own rows from its reply, so those are left to them and no
/// message is counted twice.
/// </summary>
internal sealed class ServeStore(DoorStore store) : IOutcomeObserver
{
    public void Observe(OutcomeReport report)
    {
        if (report.Door is "smtp" or "milter")
        {
            store.Observe(report);
        }
    }
}
