using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigil.Engine.Policy.Control;

namespace Vigil.Server.Access;

/// <summary>
/// The client rules of the SMTP listener in tcprules(1)' source format (the `tcp.smtp` file of a
/// qmail gateway): `addr:allow,VAR="value",VAR2=value` or `addr:deny`, one a line, `#` comments.
/// The most specific matching rule wins (an exact address over `1.2.3.`, over `1.2.`, over the
/// empty default), as tcpserver's lookups do; CIDR blocks (`10.0.0.0/8`) are an addition. No rule
/// matching means allowed, without relaying (tcpserver's behaviour with no rules file).
/// </summary>
public sealed class AccessRules
{
    private readonly List<AccessRule> _rules;

    private AccessRules(List<AccessRule> rules)
    {
        _rules = rules;
    }

    public static AccessRules Empty { get; } = new([]);

    public int Count => _rules.Count;

    public static (AccessRules Rules, List<string> Errors) Parse(IEnumerable<ControlLine> lines, string fileName)
    {
        var rules = new List<AccessRule>();
        var errors = new List<string>();
        foreach (var (number, line) in lines)
        {

            if (TryParseLine(line, rules, out var error))
            {
                continue;
            }

            errors.Add($"{fileName}:{number}: {error}");
        }

        // Stable: among equally specific rules the earlier line wins.
        var ordered = rules.Select((r, i) => (r, i)).OrderByDescending(x => x.r.Specificity).ThenBy(x => x.i).Select(x => x.r).ToList();
        return (new AccessRules(ordered), errors);
    }

    /// <summary>The decision for a client at <paramref name="address"/> (host name if known).</summary>
    public AccessDecision Decide(IPAddress address, string? hostName)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var rule in _rules)
        {
            if (rule.Matches(address, hostName))
            {
                return new AccessDecision(rule.Allow, rule.Allow && rule.Variables.ContainsKey("RELAYCLIENT"), rule.Variables, rule.Text);
            }
        }

        return AccessDecision.Default;
    }

    private static bool TryParseLine(string line, List<AccessRule> rules, out string error)
    {
        error = "";
        // An IPv6 address has colons of its own: the rule's colon is the last one before the instruction.
        var colon = FindInstructionColon(line);
        if (colon < 0)
        {
            error = "expected address:allow or address:deny";
            return false;
        }

        var who = line[..colon].Trim();
        var instructions = SplitInstructions(line[(colon + 1)..]);
        if (instructions.Count == 0 || instructions[0] is not ("allow" or "deny"))
        {
            error = "the instruction is allow or deny";
            return false;
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var assignment in instructions.Skip(1))
        {
            var eq = assignment.IndexOf('=');
            if (eq <= 0)
            {
                error = $"expected VAR=value, found \"{assignment}\"";
                return false;
            }

            variables[assignment[..eq]] = Unquote(assignment[(eq + 1)..]);
        }

        var allow = instructions[0] == "allow";
        if (who.StartsWith('='))
        {
            rules.Add(new AccessRule(null, who[1..], allow, variables, line));
            return true;
        }

        if (!TryNetworks(who, out var networks))
        {
            error = $"cannot read the address \"{who}\" (1.2.3.4, 1.2.3., 1.2.3.4-9, 10.0.0.0/8, =host or empty)";
            return false;
        }

        foreach (var network in networks)
        {
            rules.Add(new AccessRule(network, null, allow, variables, line));
        }

        return true;
    }

    private static int FindInstructionColon(string line)
    {
        foreach (var word in (string[])["allow", "deny"])
        {
            var at = line.IndexOf(":" + word, StringComparison.Ordinal);
            if (at >= 0)
            {
                return at;
            }
        }

        return line.IndexOf(':');
    }

    /// <summary>Commas separate instructions except inside double quotes.</summary>
    private static List<string> SplitInstructions(string text)
    {
        var parts = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                quoted = !quoted;
            }
            else if (text[i] == ',' && !quoted)
            {
                parts.Add(text[start..i].Trim());
                start = i + 1;
            }
        }

        parts.Add(text[start..].Trim());
        parts.RemoveAll(p => p.Length == 0);
        return parts;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    private static bool TryNetworks(string who, out List<IPNetwork?> networks)
    {
        networks = [];
        if (who.Length == 0)
        {
            networks.Add(null);
            return true;
        }

        if (who.Contains('/'))
        {
            if (!IPNetwork.TryParse(who, out var cidr))
            {
                return false;
            }

            networks.Add(cidr);
            return true;
        }

        if (IPAddress.TryParse(who, out var exact))
        {
            networks.Add(new IPNetwork(exact, exact.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            return true;
        }

        var parts = who.TrimEnd('.').Split('.');
        if (parts.Length is < 1 or > 4 || parts.Take(parts.Length - 1).Any(p => !Octet(p, out _)))
        {
            return false;
        }

        var last = parts[^1];
        var dash = last.IndexOf('-');
        if (who.EndsWith('.') || dash < 0)
        {
            // `10.1.` (or `10.1`, as tcprules also reads it): a prefix of whole octets.
            if (!Octet(last, out _) || (parts.Length == 4 && !who.EndsWith('.')))
            {
                return false;
            }

            var bytes = new byte[4];
            for (var i = 0; i < parts.Length; i++)
            {
                bytes[i] = byte.Parse(parts[i], CultureInfo.InvariantCulture);
            }

            networks.Add(new IPNetwork(new IPAddress(bytes), parts.Length * 8));
            return true;
        }

        // `1.2.3.5-9`: a range in the last octet given, each address (or prefix) a rule of its own.
        if (!Octet(last[..dash], out var from) || !Octet(last[(dash + 1)..], out var to) || from > to)
        {
            return false;
        }

        for (var value = from; value <= to; value++)
        {
            var bytes = new byte[4];
            for (var i = 0; i < parts.Length - 1; i++)
            {
                bytes[i] = byte.Parse(parts[i], CultureInfo.InvariantCulture);
            }

            bytes[parts.Length - 1] = (byte)value;
            networks.Add(new IPNetwork(new IPAddress(bytes), parts.Length * 8));
        }

        return true;
    }

    private static bool Octet(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is >= 0 and <= 255 && text.Length is > 0 and <= 3;
}
