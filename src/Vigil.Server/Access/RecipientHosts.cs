using Vigil.Engine.Policy.Control;

namespace Vigil.Server.Access;

/// <summary>
/// qmail's `rcpthosts` and `morercpthosts` (read here as plain text; qmail compiles the second to a
/// cdb): the domains this gateway takes mail for from clients that may not relay. `example.com`
/// is that domain, `.example.com` its subdomains. With neither file, qmail-smtpd takes mail for
/// every domain; so does Vigil, and says so when it starts.
/// </summary>
public sealed class RecipientHosts
{
    private readonly HashSet<string> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _suffixes = [];

    private RecipientHosts(bool configured)
    {
        Configured = configured;
    }

    public static RecipientHosts Everyone { get; } = new(false);

    /// <summary>False when no file exists: every domain is accepted.</summary>
    public bool Configured { get; }

    public static RecipientHosts From(IEnumerable<ControlLine> lines)
    {
        var hosts = new RecipientHosts(true);
        foreach (var (_, line) in lines)
        {

            if (line[0] == '.')
            {
                hosts._suffixes.Add(line);
            }
            else
            {
                hosts._exact.Add(line);
            }
        }

        return hosts;
    }

    /// <summary>True when mail for <paramref name="recipient"/> is ours to take from anyone.</summary>
    public bool Accepts(string recipient)
    {
        if (!Configured)
        {
            return true;
        }

        var at = recipient.LastIndexOf('@');
        if (at < 0)
        {
            // A bare local part is this host's (qmail-smtpd says so too).
            return true;
        }

        var domain = recipient[(at + 1)..].TrimEnd('.');
        return _exact.Contains(domain) || _suffixes.Exists(s => domain.EndsWith(s, StringComparison.OrdinalIgnoreCase));
    }
}
