using Vigil.Mime.Headers;

namespace Vigil.Doors.Queue;

/// <summary>
/// The envelope qmail-smtpd and qmail-inject write to qmail-queue's fd 1:
/// <c>F&lt;sender&gt;\0</c>, then <c>T&lt;recipient&gt;\0</c> per recipient, then one more <c>\0</c>.
/// The bytes are kept so the real qmail-queue gets exactly what we got.
/// </summary>
public sealed class QmailEnvelope
{
    /// <summary>Bigger than any envelope qmail-smtpd builds (its recipients are bounded too).</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    private QmailEnvelope(byte[] bytes, string sender, IReadOnlyList<string> recipients)
    {
        Bytes = bytes;
        Sender = sender;
        Recipients = recipients;
    }

    public byte[] Bytes { get; }

    /// <summary>The sender; "" for the null sender.</summary>
    public string Sender { get; }

    public IReadOnlyList<string> Recipients { get; }

    /// <summary>The envelope's bytes read to the end of <paramref name="fd1"/>; null when longer than <see cref="MaxBytes"/>.</summary>
    public static byte[]? ReadBounded(Stream fd1)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int n;
        while ((n = fd1.Read(chunk)) > 0)
        {
            if (buffer.Length + n > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }

    /// <summary>Parses the whole envelope; null when it is not in the format (qmail-queue's exit 91).</summary>
    public static QmailEnvelope? TryParse(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.Length < 3 || span[0] != (byte)'F')
        {
            return null;
        }

        var end = IndexOfNul(span[1..]);
        if (end < 0)
        {
            return null;
        }

        var sender = Decode(span.Slice(1, end));
        var pos = end + 2;
        var recipients = new List<string>();
        while (true)
        {
            if (pos >= span.Length)
            {
                return null; // no terminating \0
            }

            if (span[pos] == 0)
            {
                // qmail-queue stops reading here; anything after it is ignored, as there.
                return new QmailEnvelope(bytes, sender, recipients);
            }

            if (span[pos] != (byte)'T')
            {
                return null;
            }

            var len = IndexOfNul(span[(pos + 1)..]);
            if (len < 0)
            {
                return null;
            }

            recipients.Add(Decode(span.Slice(pos + 1, len)));
            pos += len + 2;
        }
    }

    /// <summary>A plain loop: the runtime's vectorised IndexOf costs a one-message door more to set up than a short envelope takes to scan.</summary>
    private static int IndexOfNul(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Addresses are bytes to qmail; Latin-1 keeps every byte as one char for logs and headers.</summary>
    private static string Decode(ReadOnlySpan<byte> bytes) => System.Text.Encoding.Latin1.GetString(bytes);
}
