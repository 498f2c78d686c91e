namespace Vigil.Mime.Names;

/// <summary>
/// Placeholder from the decoders branch; the lead's real normaliser replaces this file. Windows
/// drops trailing dots and spaces ("x.exe. " is saved as "x.exe") and compares names without case.
/// </summary>
public static class FileNameNormalizer
{
    public static string Normalize(string name) => name.TrimEnd('.', ' ').ToLowerInvariant();
}
