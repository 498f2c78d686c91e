using System.Globalization;
using System.Net;
using System.Text;

namespace Vigil.Server.Smtp;

/// <summary>
/// What a trusted client (a Postfix in front, a proxy) says about the real SMTP client, from
/// Postfix's XCLIENT and XFORWARD commands: `NAME=`, `ADDR=`, `PROTO=`, `HELO=` and (XFORWARD)
/// `SOURCE=` and `IDENT=`, values in xtext (RFC 3461), `[UNAVAILABLE]`/`[TEMPUNAVAIL]` meaning not known. The
/// attributes may come in several commands; each adds to what came before.
/// </summary>
public sealed record ForwardedClient
{
    public const int MaxValue = 255;

    public string? Name { get; init; }

    public IPAddress? Address { get; init; }

    public string? Helo { get; init; }

    public string? Protocol { get; init; }

    public string? Source { get; init; }

    /// <summary>XFORWARD's IDENT: the queue id the message had at the MTA before (passed on, so the next Postfix logs orig_queue_id).</summary>
    public string? Ident { get; init; }

    /// <summary>Adds the attributes of one command's <paramref name="argument"/> to <paramref name="previous"/>; null with <paramref name="error"/> when it cannot be read.</summary>
    public static ForwardedClient? Parse(ForwardedClient? previous, string argument, IReadOnlyCollection<string> names, out string error)
    {
        error = "";
        var result = previous ?? new ForwardedClient();
        var attributes = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (attributes.Length == 0)
        {
            error = "no attributes";
            return null;
        }

        foreach (var attribute in attributes)
        {
            var eq = attribute.IndexOf('=');
            var name = eq <= 0 ? "" : attribute[..eq].ToUpperInvariant();
            if (!names.Contains(name))
            {
                error = $"bad attribute name: {Printable(eq <= 0 ? attribute : attribute[..eq])}";
                return null;
            }

            if (XtextDecode(attribute[(eq + 1)..]) is not { } value)
            {
                error = $"bad {name} value";
                return null;
            }

            var unknown = value.Equals("[UNAVAILABLE]", StringComparison.OrdinalIgnoreCase) || value.Equals("[TEMPUNAVAIL]", StringComparison.OrdinalIgnoreCase);
            switch (name)
            {
                case "NAME":
                    result = result with { Name = unknown ? null : value };
                    break;
                case "ADDR":
                    if (unknown)
                    {
                        result = result with { Address = null };
                    }
                    else if (TryAddress(value, out var address))
                    {
                        result = result with { Address = address };
                    }
                    else
                    {
                        error = "bad ADDR value";
                        return null;
                    }

                    break;
                case "HELO":
                    result = result with { Helo = unknown ? null : value };
                    break;
                case "PROTO":
                    result = result with { Protocol = unknown ? null : value };
                    break;
                case "SOURCE":
                    result = result with { Source = unknown ? null : value };
                    break;
                case "IDENT":
                    result = result with { Ident = unknown ? null : value };
                    break;
                default:
                    // PORT, LOGIN...: accepted where offered, not used.
                    break;
            }
        }

        return result;
    }

    /// <summary>The facts of a session with this client in place of the connecting one: its address and name; the access decision is the caller's.</summary>
    public SmtpClientFacts Apply(SmtpClientFacts connected, Access.AccessDecision access) =>
        new(Address ?? connected.Address, access, connected.Configuration) { Name = Name ?? connected.Name, Tls = connected.Tls };

    /// <summary>`1.2.3.4`, or `IPV6:` and an IPv6 address, as Postfix sends them (never in brackets).</summary>
    private static bool TryAddress(string value, out IPAddress address)
    {
        if (value.StartsWith("IPV6:", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.TryParse(value[5..], out address!) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }

        return IPAddress.TryParse(value, out address!) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && value.Count(c => c == '.') == 3;
    }

    /// <summary>RFC 3461 xtext: printable ASCII but `+` and `=`, which come as `+XX`; null when malformed or too long.</summary>
    private static string? XtextDecode(string text)
    {
        var b = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '+')
            {
                if (i + 2 >= text.Length || !byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) || code is < 33 or > 126)
                {
                    return null;
                }

                b.Append((char)code);
                i += 2;
            }
            else if (c is < '!' or > '~' or '=')
            {
                return null;
            }
            else
            {
                b.Append(c);
            }
        }

        return b.Length > MaxValue ? null : b.ToString();
    }

    private static string Printable(string s) => new([.. s.Take(40).Select(c => c is >= ' ' and <= '~' ? c : '?')]);
}
