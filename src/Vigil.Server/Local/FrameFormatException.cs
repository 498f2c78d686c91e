namespace Vigil.Server.Local;

/// <summary>A local-socket frame that does not follow the protocol (docs/GATEWAY.md, "Local socket"): the connection is closed.</summary>
public sealed class FrameFormatException(string problem) : Exception("malformed frame: " + problem);
