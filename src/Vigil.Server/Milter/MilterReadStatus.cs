namespace Vigil.Server.Milter;

/// <summary>How reading one milter packet ended.</summary>
internal enum MilterReadStatus
{
    /// <summary>A whole packet: command and data.</summary>
    Packet,

    /// <summary>The MTA closed the connection between packets.</summary>
    Closed,

    /// <summary>The connection ended inside a packet.</summary>
    Truncated,

    /// <summary>The length said more than the limit (or nothing at all: not even a command byte).</summary>
    BadLength,
}
