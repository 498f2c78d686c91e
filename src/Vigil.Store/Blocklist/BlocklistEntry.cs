namespace Vigil.Store.Blocklist;

/// <summary>One badmailfrom line to be: the sender and how many virus messages it sent in the window.</summary>
public sealed record BlocklistEntry(string Address, long Hits);
