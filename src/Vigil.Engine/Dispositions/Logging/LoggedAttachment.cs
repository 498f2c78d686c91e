namespace Vigil.Engine.Dispositions.Logging;

/// <summary>
/// One file name of the message log's attachments field with its decoded size. A class rather
/// than a (string, long) tuple: a list of tuples is generic code the runtime compiles at run time
/// in every one-message door.
/// </summary>
public sealed record LoggedAttachment(string Name, long Size);
