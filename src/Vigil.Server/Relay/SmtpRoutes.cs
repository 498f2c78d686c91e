using Vigil.Engine.Policy.Control;

namespace Vigil.Server.Relay;

/// <summary>
/// qmail's `smtproutes`: `domain:relay` per line, `.domain:relay` for its subdomains, `:relay` for
/// everything else; the relay is `host`, `host:port` or `[ip]`. The most specific entry wins.
/// </summary>
public sealed class SmtpRoutes
{
    private readonly Dictionary<string, NextHop> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Suffix, NextHop Hop)> _suffixes = [];

    public NextHop? Default { get; private set; }

    public static SmtpRoutes Empty { get; } = new();

    /// <summary>Parses the file's lines; errors as `file:line: text`.</summary>
    public static (SmtpRoutes Routes, List<string> Errors) Parse(IEnumerable<ControlLine> lines, string fileName, NextHop? fallback = null)
    {
        var routes = new SmtpRoutes { Default = fallback };
        var errors = new List<string>();
        foreach (var (number, line) in lines)
        {

            var colon = line.IndexOf(':');
            if (colon < 0 || !NextHop.TryParse(line[(colon + 1)..], out var hop))
            {
                errors.Add($"{fileName}:{number}: expected domain:host[:port]");
                continue;
            }

            var domain = line[..colon];
            if (domain.Length == 0)
            {
                routes.Default = hop;
            }
            else if (domain[0] == '.')
            {
                routes._suffixes.Add((domain, hop!));
            }
            else
            {
                routes._exact[domain] = hop!;
            }
        }

        routes._suffixes.Sort((a, b) => b.Suffix.Length.CompareTo(a.Suffix.Length));
        return (routes, errors);
    }

    /// <summary>The next hop for <paramref name="recipient"/>; null when no route and no default.</summary>
    public NextHop? For(string recipient)
    {
        var at = recipient.LastIndexOf('@');
        var domain = at < 0 ? "" : recipient[(at + 1)..];
        if (_exact.TryGetValue(domain, out var hop))
        {
            return hop;
        }

        foreach (var (suffix, suffixHop) in _suffixes)
        {
            if (domain.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return suffixHop;
            }
        }

        return Default;
    }
}
