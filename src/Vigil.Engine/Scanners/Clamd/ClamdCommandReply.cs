namespace Vigil.Engine.Scanners.Clamd;

/// <summary>The answer to a simple command (PING, VERSION).</summary>
/// <param name="Ok">True when clamd answered.</param>
/// <param name="Text">The reply ("PONG", "ClamAV 1.4.6/27000/...") or why there is none.</param>
public sealed record ClamdCommandReply(bool Ok, string Text);
