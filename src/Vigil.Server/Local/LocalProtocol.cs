namespace Vigil.Server.Local;

/// <summary>
/// The local socket's framing (docs/GATEWAY.md, "Local socket"). A request is the magic, a 4-byte
/// big-endian header length, the header (<see cref="LocalRequest"/>), an 8-byte big-endian
/// message length and the message bytes. A reply is the magic, a 4-byte length and the body
/// (<see cref="LocalReply"/>). One request per connection.
/// </summary>
public static class LocalProtocol
{
    /// <summary>"VGL1": Vigil local protocol, version 1.</summary>
    public static ReadOnlySpan<byte> Magic => "VGL1"u8;

    /// <summary>Largest header (envelope and door context) either side accepts.</summary>
    public const int MaxHeaderBytes = 1024 * 1024;

    /// <summary>Largest reply either side accepts (headers to add, log lines, the store's report).</summary>
    public const int MaxReplyBytes = 4 * 1024 * 1024;

    /// <summary>Largest message sent through the socket; a door with a bigger one judges it in its own process.</summary>
    public const long MaxMessageBytes = 1L << 30;
}
