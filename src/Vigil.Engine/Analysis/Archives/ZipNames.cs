using System.Text;
using Vigil.Mime.Headers;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// Decodes zip entry names: UTF-8 when the archive says so (general purpose flag bit 11), else
/// code page 437, the encoding of the original PKZIP and still the default of most tools.
/// </summary>
internal static class ZipNames
{
    public const ushort Utf8Flag = 1 << 11;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
    private static readonly Encoding Oem = LoadOem();

    public static string Decode(ReadOnlySpan<byte> name, bool utf8) =>
        utf8 ? Encoding.UTF8.GetString(name) : Oem.GetString(name);

    /// <summary>UTF-8 when the bytes are valid UTF-8, else code page 437 (tar and rar names carry no encoding flag).</summary>
    public static string DecodeGuessing(ReadOnlySpan<byte> name)
    {
        if (System.Text.Unicode.Utf8.IsValid(name))
        {
            return StrictUtf8.GetString(name);
        }

        return Oem.GetString(name);
    }

    private static Encoding LoadOem()
    {
        // Code pages other than UTF-8/Latin-1/ASCII live in a provider that must be registered once.
        return CodePageEncodings.Get(437);
    }
}
