using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Server.Relay;

/// <summary>
/// The client a message came from, for Postfix's XFORWARD towards a next hop that offers it (so
/// the re-injecting Postfix logs and writes in its Received line the real client, not Vigil): the
/// address, name, HELO, protocol, source and queue id (IDENT) Vigil was told (by XFORWARD from its own client) or saw.
/// Unknown values are sent as `[UNAVAILABLE]`; values are xtext (RFC 3461).
/// </summary>
public sealed record OriginalClient(IPAddress Address, string? Name, string? Helo, string Protocol, string? Source, string? Ident = null)
{
    /// <summary>Postfix's limit for one command line; longer attribute sets go in several XFORWARD commands.</summary>
    private const int MaxCommand = 500;

    /// <summary>The XFORWARD commands for the attributes the next hop named in its EHLO line (e.g. `XFORWARD NAME ADDR PROTO HELO SOURCE`).</summary>
    public IReadOnlyList<string> Commands(IReadOnlyCollection<string> offered)
    {
        var address = Address.IsIPv4MappedToIPv6 ? Address.MapToIPv4() : Address;
        var attributes = new List<string>();
        Add("NAME", Name);
        Add("ADDR", address.AddressFamily == AddressFamily.InterNetworkV6 ? "IPV6:" + address : address.ToString());
        Add("PROTO", Protocol);
        Add("HELO", Helo);
        Add("SOURCE", Source);
        Add("IDENT", Ident);
        var commands = new List<string>();
        var line = new StringBuilder();
        foreach (var attribute in attributes)
        {
            if (line.Length > 0 && line.Length + 1 + attribute.Length > MaxCommand)
            {
                commands.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length == 0 ? "XFORWARD " : " ").Append(attribute);
        }

        if (line.Length > 0)
        {
            commands.Add(line.ToString());
        }

        return commands;

        void Add(string name, string? value)
        {
            if (offered.Contains(name))
            {
                attributes.Add(name + "=" + (value is { Length: > 0 } ? Xtext(value) : "[UNAVAILABLE]"));
            }
        }
    }

    /// <summary>RFC 3461 xtext: `+` and `=` and anything outside `!`..`~` as `+XX`; at most 255 characters of the value.</summary>
    private static string Xtext(string value)
    {
        var b = new StringBuilder();
        foreach (var c in value.Length > 255 ? value[..255] : value)
        {
            if (c is >= '!' and <= '~' and not '+' and not '=')
            {
                b.Append(c);
            }
            else
            {
                b.Append('+').Append(((int)Math.Min(c, '\x7f')).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return b.ToString();
    }
}
