using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Server.Milter;

/// <summary>
/// Where the milter listener listens: `IP:PORT` (Postfix's `smtpd_milters = inet:IP:PORT`) or
/// `unix:/PATH` (`smtpd_milters = unix:/PATH`; Sendmail calls it `local:`, also read), as in the
/// `milter=` key of the `serve` file and `--milter`.
/// </summary>
public static class MilterAddress
{
    // sun_path is 108 bytes on Linux, with its terminating NUL.
    private const int MaxPathBytes = 107;

    /// <summary>The endpoint, or null when <paramref name="word"/> is neither (the caller says so, naming the word).</summary>
    public static EndPoint? Parse(string word)
    {
        var path = word.StartsWith("unix:", StringComparison.Ordinal) ? word[5..]
            : word.StartsWith("local:", StringComparison.Ordinal) ? word[6..]
            : null;
        if (path is not null)
        {
            return Path.IsPathFullyQualified(path) && Encoding.UTF8.GetByteCount(path) <= MaxPathBytes
                ? new UnixDomainSocketEndPoint(path)
                : null;
        }

        return IPEndPoint.TryParse(word, out var endpoint) && endpoint.Port != 0 ? endpoint : null;
    }

    /// <summary>The socket file of a unix endpoint; null for IP.</summary>
    public static string? SocketPath(EndPoint endpoint) => endpoint is UnixDomainSocketEndPoint u ? u.ToString() : null;

    /// <summary>As an admin writes it: `unix:/PATH` or `IP:PORT`.</summary>
    public static string Describe(EndPoint endpoint) => SocketPath(endpoint) is { } path ? "unix:" + path : endpoint.ToString() ?? "";
}
