namespace Vigil.Mime.Names;

/// <summary>
/// Placeholder until the names work lands: turns a file name into what Windows would create
/// (trailing dots and spaces are dropped by the Win32 layer, so "x.exe. " runs as "x.exe").
/// </summary>
public static class FileNameNormalizer
{
    public static string Normalize(string name) => name.TrimEnd('.', ' ');
}
