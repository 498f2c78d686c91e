using System.Text;

namespace Vigil.Mime.Headers;

/// <summary>
/// Encoding.GetEncoding with the legacy code pages (windows-1252, koi8-r, shift_jis, IBM437...)
/// available. Their provider is registered on the first lookup, not up front: registering loads
/// its assembly, which a one-message door reading ASCII or UTF-8 mail never needs.
/// </summary>
public static class CodePageEncodings
{
    static CodePageEncodings()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>The encoding named <paramref name="name"/>; throws ArgumentException for an unknown name, as Encoding.GetEncoding does.</summary>
    public static Encoding Get(string name) => Encoding.GetEncoding(name);

    /// <summary>The encoding of code page <paramref name="codePage"/>.</summary>
    public static Encoding Get(int codePage) => Encoding.GetEncoding(codePage);
}
