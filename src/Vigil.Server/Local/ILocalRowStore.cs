using Vigil.Engine.Gateway;
using Vigil.Engine.Policy.Control;

namespace Vigil.Server.Local;

/// <summary>
/// The daemon's resident store writer as the local socket offers it to the qmail doors: a door
/// that asks (<see cref="LocalStoreAsk"/>) then opens no database connection of its own.
/// </summary>
public interface ILocalRowStore
{
    /// <summary>
    /// Whether the rows of <paramref name="report"/> went to the store the door would have written
    /// (queued in the daemon's bounded writer: written, or spilled to the log when it cannot be);
    /// false when this daemon has no store or another one, and the door must write them itself.
    /// </summary>
    /// <param name="controlOptions">The control directory's own `options`, where `store=` is named.</param>
    bool TryTake(OutcomeReport report, LocalStoreAsk ask, PolicyOptions controlOptions);
}
