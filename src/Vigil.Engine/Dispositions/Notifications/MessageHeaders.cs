using Vigil.Mime.Model;

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>Reads single header values from a header block (first occurrence wins).</summary>
public static class MessageHeaders
{
    public static string? Get(IReadOnlyList<Header> headers, string name)
    {
        foreach (var h in headers)
        {
            if (h.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return h.RawValue.Trim();
            }
        }

        return null;
    }

    public static string? MessageId(IReadOnlyList<Header> headers) => Get(headers, "Message-ID");
}
