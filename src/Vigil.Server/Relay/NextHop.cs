namespace Vigil.Server.Relay;

/// <summary>Where mail is relayed: a host name or `[ip]` literal, a port, and whether STARTTLS is tried or required.</summary>
public sealed record NextHop(string Host, int Port)
{
    public const int DefaultPort = 25;

    /// <summary>STARTTLS towards this next hop (part of its identity: the relay pool keeps connections per next hop and TLS setting).</summary>
    public RelayTls Tls { get; init; } = RelayTls.May;

    /// <summary>`host`, `host:port`, `[ip]`, `[ip]:port` (qmail's smtproutes relay part).</summary>
    public static bool TryParse(string text, out NextHop? hop)
    {
        hop = null;
        text = text.Trim();
        string host;
        var port = DefaultPort;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 2)
            {
                return false;
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0 && (rest[0] != ':' || !TryPort(rest[1..], out port)))
            {
                return false;
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            host = colon < 0 ? text : text[..colon];
            if (colon >= 0 && !TryPort(text[(colon + 1)..], out port))
            {
                return false;
            }
        }

        if (host.Length == 0 || host.Any(c => c is ' ' or ':' or '[' or ']' || char.IsControl(c)))
        {
            return false;
        }

        hop = new NextHop(host, port);
        return true;
    }

    /// <summary>`may`, `require`, `no` (the value of `tls=`).</summary>
    public static bool TryParseTls(string text, out RelayTls tls)
    {
        switch (text.ToLowerInvariant())
        {
            case "may":
                tls = RelayTls.May;
                return true;
            case "require":
                tls = RelayTls.Require;
                return true;
            case "no":
                tls = RelayTls.No;
                return true;
            default:
                tls = RelayTls.May;
                return false;
        }
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536;

    public override string ToString() => $"{Host}:{Port}";
}
