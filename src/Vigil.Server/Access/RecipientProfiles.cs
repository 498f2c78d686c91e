using Vigil.Engine.Policy.Control;

namespace Vigil.Server.Access;

/// <summary>
/// `rcptprofiles`: the profile directory a recipient's mail is judged under, as a dot-qmail
/// `vigil deliver -u DIR` gives it for qmail. `user@domain:DIR` for one address, `domain:DIR` for
/// a domain, `.domain:DIR` for its subdomains; the most specific entry wins, a recipient without
/// one gets none (the client's and the control directory's policy only). One transaction is judged
/// once, so its recipients must share a profile: the listener takes the first recipient's and
/// defers the others with 452 4.5.3, as amavisd-new does for recipients of another policy.
/// </summary>
public sealed class RecipientProfiles
{
    public const string FileName = "rcptprofiles";

    private readonly Dictionary<string, string> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Suffix, string Profile)> _suffixes = [];

    public static RecipientProfiles None { get; } = new();

    public int Count => _exact.Count + _suffixes.Count;

    /// <summary>Parses the file's lines; errors as `file:line: text` (a profile directory must exist).</summary>
    public static (RecipientProfiles Profiles, List<string> Errors) Parse(IEnumerable<ControlLine> lines, Func<string, bool>? directoryExists = null)
    {
        directoryExists ??= Directory.Exists;
        var profiles = new RecipientProfiles();
        var errors = new List<string>();
        foreach (var (number, line) in lines)
        {

            var colon = line.IndexOf(':');
            var key = colon < 0 ? "" : line[..colon].Trim();
            var dir = colon < 0 ? "" : line[(colon + 1)..].Trim();
            if (key.Length == 0 || dir.Length == 0 || key.Any(c => c is ' ' or '\t'))
            {
                errors.Add($"{FileName}:{number}: expected address-or-domain:PROFILE-DIRECTORY");
                continue;
            }

            if (!directoryExists(dir))
            {
                errors.Add($"{FileName}:{number}: profile directory {dir}: No such directory");
                continue;
            }

            if (key[0] == '.')
            {
                profiles._suffixes.Add((key, dir));
            }
            else
            {
                profiles._exact[key] = dir;
            }
        }

        profiles._suffixes.Sort((a, b) => b.Suffix.Length.CompareTo(a.Suffix.Length));
        return (profiles, errors);
    }

    /// <summary>The profile directory for <paramref name="recipient"/>; "" when none.</summary>
    public string For(string recipient)
    {
        if (_exact.TryGetValue(recipient, out var own))
        {
            return own;
        }

        var at = recipient.LastIndexOf('@');
        var domain = at < 0 ? "" : recipient[(at + 1)..].TrimEnd('.');
        if (_exact.TryGetValue(domain, out var forDomain))
        {
            return forDomain;
        }

        foreach (var (suffix, profile) in _suffixes)
        {
            if (domain.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return profile;
            }
        }

        return "";
    }
}
