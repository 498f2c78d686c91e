using Vigil.Engine.Policy.Control;

namespace Vigil.Server.Relay;

/// <summary>
/// qmail's `smtproutes`: `domain:relay` per line, `.domain:relay` for its subdomains, `:relay` for
/// everything else; the relay is `host`, `host:port` or `[ip]`. The most specific entry wins.
/// Vigil's one addition, after the relay and a space: `tls=may|require|no` (STARTTLS towards that
/// next hop; without it the `serve` file's `relaytls=`, default `may`). A qmail smtproutes file
/// reads the same.
/// </summary>
public sealed class SmtpRoutes
{
    private readonly Dictionary<string, NextHop> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Suffix, NextHop Hop)> _suffixes = [];

    public NextHop? Default { get; private set; }

    public static SmtpRoutes Empty { get; } = new();

    /// <summary>Parses the file's lines; errors as `file:line: text`.</summary>
    public static (SmtpRoutes Routes, List<string> Errors) Parse(IEnumerable<ControlLine> lines, string fileName, NextHop? fallback = null, RelayTls defaultTls = RelayTls.May)
    {
        // The --relay/relay= next hop takes the serve file's relaytls= (it has no tls= word of its own).
        var routes = new SmtpRoutes { Default = fallback is null ? null : fallback with { Tls = defaultTls } };
        var errors = new List<string>();
        foreach (var (number, line) in lines)
        {
            var colon = line.IndexOf(':');
            var words = colon < 0 ? Array.Empty<string>() : line[(colon + 1)..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (colon < 0 || words.Length == 0 || !NextHop.TryParse(words[0], out var hop))
            {
                errors.Add($"{fileName}:{number}: expected domain:host[:port]");
                continue;
            }

            var tls = defaultTls;
            string? bad = null;
            foreach (var word in words.Skip(1))
            {
                if (!word.StartsWith("tls=", StringComparison.OrdinalIgnoreCase) || !NextHop.TryParseTls(word[4..], out tls))
                {
                    bad = word;
                    break;
                }
            }

            if (bad is not null)
            {
                errors.Add($"{fileName}:{number}: '{new string([.. bad.Take(40).Select(c => c is >= ' ' and <= '~' ? c : '?')])}' is not tls=may, tls=require or tls=no");
                continue;
            }

            hop = hop! with { Tls = tls };
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
