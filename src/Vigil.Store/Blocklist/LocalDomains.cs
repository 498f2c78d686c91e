namespace Vigil.Store.Blocklist;

/// <summary>
/// The domains this host takes mail for, which a blocklist must never name: qmail's control/me,
/// locals, rcpthosts (".example.com" there means every subdomain) and virtualdomains (the part
/// before ':'), plus those given on the command line. Compared case-insensitively.
/// </summary>
public sealed class LocalDomains
{
    private readonly HashSet<string> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _suffixes = [];

    public IReadOnlyCollection<string> Names => _exact;

    public void Add(string domain)
    {
        var d = domain.Trim().TrimEnd('.');
        if (d.Length == 0)
        {
            return;
        }

        if (d[0] == '.')
        {
            _suffixes.Add(d);
        }
        else
        {
            _exact.Add(d);
        }
    }

    /// <summary>Reads qmail's control files in <paramref name="qmailControl"/> (missing ones are skipped).</summary>
    public void AddQmail(string qmailControl)
    {
        foreach (var name in new[] { "me", "locals", "rcpthosts" })
        {
            foreach (var line in Lines(Path.Combine(qmailControl, name)))
            {
                Add(line);
            }
        }

        foreach (var line in Lines(Path.Combine(qmailControl, "virtualdomains")))
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                Add(line[..colon]);
            }
        }
    }

    /// <summary>Whether <paramref name="address"/>'s domain is one of ours (or a subdomain a ".domain" line covers).</summary>
    public bool Contains(string address)
    {
        var at = address.LastIndexOf('@');
        var domain = (at < 0 ? address : address[(at + 1)..]).TrimEnd('.');
        if (_exact.Contains(domain))
        {
            return true;
        }

        foreach (var suffix in _suffixes)
        {
            if (domain.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<string> Lines(string path)
    {
        string[] lines;
        try
        {
            lines = File.Exists(path) ? File.ReadAllLines(path) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            lines = [];
        }

        foreach (var line in lines)
        {
            var t = line.Trim();
            if (t.Length > 0 && t[0] != '#')
            {
                yield return t;
            }
        }
    }
}
