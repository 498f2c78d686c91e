namespace Vigil.Mime.Names;

/// <summary>
/// Placeholder from the TNEF branch: the lead's real normaliser replaces this file. Windows drops
/// trailing dots and spaces from a file name, so "x.exe. " is saved as "x.exe".
/// </summary>
public static class FileNameNormalizer
{
    public static string Normalize(string name) => name.TrimEnd('.', ' ');
}
