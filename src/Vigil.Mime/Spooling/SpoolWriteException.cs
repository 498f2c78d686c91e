namespace Vigil.Mime.Spooling;

/// <summary>
/// Content could not be written to its temp file (no temp directory, a full disk): our own
/// storage failed, not the input. A door answers it as a write error (qmail-queue's 53), not as
/// an unreadable message.
/// </summary>
public sealed class SpoolWriteException(string message, Exception inner) : IOException(message, inner);
