using System.Text;

namespace Vigil.Engine.Tests.Types;

/// <summary>
/// Pulls one base64 attachment out of a corpus mail by its file name, just enough MIME for the
/// known SpamAssassin samples (the real parser is tested elsewhere).
/// </summary>
internal static class MailAttachments
{
    public static byte[] Extract(string mailPath, string fileName)
    {
        var text = Encoding.Latin1.GetString(File.ReadAllBytes(mailPath)).Replace("\r\n", "\n", StringComparison.Ordinal);
        var at = text.IndexOf("filename=\"" + fileName + "\"", StringComparison.Ordinal);
        Assert.True(at >= 0, $"{fileName} not found in {mailPath}");
        var bodyStart = text.IndexOf("\n\n", at, StringComparison.Ordinal) + 2;
        var base64 = new StringBuilder();
        foreach (var line in text[bodyStart..].Split('\n'))
        {
            if (line.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }

            base64.Append(line.Trim());
        }

        return Convert.FromBase64String(base64.ToString());
    }
}
