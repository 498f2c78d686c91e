using Vigil.Store.Reading;

namespace Vigil.Store.Blocklist;

/// <summary>
/// QMVC's blockvirussender: the senders of the virus hit list with at least N hits become
/// badmailfrom lines. Never the null sender, never an address of a local domain (most virus
/// senders are forged: blocking our own users would stop their real mail), never anything that is
/// not one plain address (no white space or control character, one '@' with text either side: a
/// line "@domain" would block a whole domain).
/// </summary>
public static class BlocklistBuilder
{
    public static IReadOnlyList<BlocklistEntry> Build(IReadOnlyList<Ranked> virusSenders, long minHits, LocalDomains local)
    {
        var entries = new List<BlocklistEntry>();
        foreach (var (address, hits) in virusSenders)
        {
            if (hits >= minHits && IsPlainAddress(address) && !local.Contains(address))
            {
                entries.Add(new BlocklistEntry(address.ToLowerInvariant(), hits));
            }
        }

        return entries;
    }

    public static bool IsPlainAddress(string address)
    {
        if (address.Length is 0 or > 320 || address == "<>")
        {
            return false;
        }

        foreach (var c in address)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '#')
            {
                return false;
            }
        }

        var at = address.IndexOf('@');
        return at > 0 && at == address.LastIndexOf('@') && at < address.Length - 1;
    }
}
