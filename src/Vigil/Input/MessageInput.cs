namespace Vigil.Input;

/// <summary>One message to scan: its display path and a way to open it.</summary>
/// <param name="DisplayPath">What the output calls it (the file path, "stream" for stdin, "mbox:N" inside an mbox).</param>
/// <param name="Open">Opens the message bytes; may throw IOException for unreadable files.</param>
public sealed record MessageInput(string DisplayPath, Func<Stream> Open);
