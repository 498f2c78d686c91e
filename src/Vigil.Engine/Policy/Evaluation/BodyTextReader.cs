using System.Buffers;
using System.Text;
using Vigil.Mime.Headers;
using Vigil.Mime.Model;

namespace Vigil.Engine.Policy.Evaluation;

/// <summary>
/// The decoded text of a text part for `badbodytexts`: its content (already transfer-decoded)
/// read up to a bound and turned into characters by its declared charset. HTML is matched as is.
/// </summary>
internal static class BodyTextReader
{
    /// <summary>True for a leaf whose content is text a reader sees: declared text/*, or undeclared (RFC 2045 default).</summary>
    public static bool IsText(Entity entity)
    {
        if (entity.IsContainer || entity.Content is null)
        {
            return false;
        }

        if (entity.DeclaredType is { } declared)
        {
            return declared.StartsWith("text/", StringComparison.OrdinalIgnoreCase);
        }

        return entity.Source is EntitySource.Message or EntitySource.MimePart
            || entity.Detected?.Kind == ContentKind.Text;
    }

    /// <summary>Up to <paramref name="maxBytes"/> of the content as text; "" when there is none or it cannot be read.</summary>
    public static string Read(Entity entity, int maxBytes)
    {
        var content = entity.Content;
        if (content is null || content.Length == 0 || maxBytes <= 0)
        {
            return "";
        }

        var encoding = EncodingFor(entity.Charset);
        if (content.TryGetMemory(out var memory))
        {
            var span = memory.Span;
            return encoding.GetString(span[..Math.Min(span.Length, maxBytes)]);
        }

        var length = (int)Math.Min(content.Length, maxBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            using var stream = content.OpenRead();
            var read = stream.ReadAtLeast(buffer.AsSpan(0, length), length, throwOnEndOfStream: false);
            return encoding.GetString(buffer, 0, read);
        }
        catch (IOException)
        {
            return "";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Encoding EncodingFor(string? charset)
    {
        if (!string.IsNullOrWhiteSpace(charset))
        {
            try
            {
                // Legacy mail charsets (windows-1252, koi8-r, shift_jis...) included.
                return CodePageEncodings.Get(charset.Trim().Trim('"'));
            }
            catch (ArgumentException)
            {
                // Unknown charset: the parser has already recorded the anomaly; UTF-8 reads ASCII right.
            }
        }

        return Encoding.UTF8;
    }
}
