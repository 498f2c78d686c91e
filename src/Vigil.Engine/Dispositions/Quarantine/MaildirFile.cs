namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>One message written into a Maildir's new/.</summary>
/// <param name="Id">The unique Maildir name (also the file name).</param>
/// <param name="Path">Full path of the file in new/.</param>
/// <param name="Size">Bytes written (added headers and message).</param>
public sealed record MaildirFile(string Id, string Path, long Size);
