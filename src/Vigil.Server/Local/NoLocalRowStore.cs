using Vigil.Engine.Gateway;
using Vigil.Engine.Policy.Control;

namespace Vigil.Server.Local;

/// <summary>A daemon without a store of its own: every door writes its rows itself, as before the daemon wrote them.</summary>
public sealed class NoLocalRowStore : ILocalRowStore
{
    public static readonly NoLocalRowStore Instance = new();

    public bool TryTake(OutcomeReport report, LocalStoreAsk ask, PolicyOptions controlOptions) => false;
}
