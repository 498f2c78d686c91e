namespace Vigil.Server.Local;

/// <summary>
/// A door's request that the daemon write the store's rows of its message, with what the door
/// would have written them under: its own VIGIL_STORE (the daemon resolves `store=` of the shared
/// control directory over it, as the door does) and its node name. The daemon takes the rows only
/// when that comes to its own store and node (<see cref="ILocalRowStore"/>); otherwise the door
/// writes them, so a door's store is never dropped and its rows never renamed.
/// </summary>
public sealed record LocalStoreAsk(string? StoreVariable, string Node);
