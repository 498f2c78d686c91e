using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigil.Mime.Headers;

namespace Vigil.Engine.Scanners.Clamd;

/// <summary>
/// Where a clamd listens: a unix socket or a TCP host and port. Written as <c>unix:/path</c>,
/// <c>tcp:host:port</c>, a bare <c>/path</c> or a bare <c>host:port</c> (IPv6 as <c>[::1]:3310</c>).
/// </summary>
public sealed record ClamdAddress
{
    private ClamdAddress(string? socketPath, string? host, int port)
    {
        SocketPath = socketPath;
        Host = host;
        Port = port;
    }

    /// <summary>The unix socket path, or null for TCP.</summary>
    public string? SocketPath { get; }

    /// <summary>The TCP host, or null for a unix socket.</summary>
    public string? Host { get; }

    public int Port { get; }

    public bool IsUnix => SocketPath is not null;

    public static ClamdAddress Unix(string path) => new(path, null, 0);

    public static ClamdAddress Tcp(string host, int port) => new(null, host, port);

    /// <summary>Parses an address; false with the reason when it is not one.</summary>
    public static bool TryParse(string text, out ClamdAddress? address, out string error)
    {
        address = null;
        error = "";
        var t = text.Trim();
        if (t.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            return TryUnix(t[5..], text, out address, out error);
        }

        if (t.StartsWith("tcp:", StringComparison.OrdinalIgnoreCase))
        {
            return TryTcp(t[4..], text, out address, out error);
        }

        if (t.StartsWith('/') || t.StartsWith("./", StringComparison.Ordinal))
        {
            return TryUnix(t, text, out address, out error);
        }

        if (t.Contains(':', StringComparison.Ordinal))
        {
            return TryTcp(t, text, out address, out error);
        }

        error = $"\"{text}\" is not a clamd address (unix:/path, tcp:host:port, /path or host:port)";
        return false;
    }

    /// <summary>Parses an address or throws <see cref="FormatException"/>.</summary>
    public static ClamdAddress Parse(string text) =>
        TryParse(text, out var address, out var error) ? address! : throw new FormatException(error);

    /// <summary>A new unconnected socket of the right family.</summary>
    internal Socket NewSocket() => IsUnix
        ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    internal EndPoint EndPoint => IsUnix
        ? new UnixDomainSocketEndPoint(SocketPath!)
        : IPAddress.TryParse(Host, out var ip) ? new IPEndPoint(ip, Port) : new DnsEndPoint(Host!, Port);

    public override string ToString() => IsUnix
        ? "unix:" + SocketPath
        : "tcp:" + (Host!.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);

    private static bool TryUnix(string path, string text, out ClamdAddress? address, out string error)
    {
        address = null;
        error = "";
        if (path.Length == 0 || path.Contains('\0', StringComparison.Ordinal))
        {
            error = $"\"{text}\": the unix socket path is empty";
            return false;
        }

        address = Unix(path);
        return true;
    }

    private static bool TryTcp(string hostPort, string text, out ClamdAddress? address, out string error)
    {
        address = null;
        error = "";
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0)
        {
            error = $"\"{text}\": expected host:port";
            return false;
        }

        var host = hostPort[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (host.Length == 0 || host.Contains(' ', StringComparison.Ordinal))
        {
            error = $"\"{text}\": the host is empty or malformed";
            return false;
        }

        if (!int.TryParse(hostPort.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"\"{text}\": the port must be a number from 1 to 65535";
            return false;
        }

        address = Tcp(host, port);
        return true;
    }
}
