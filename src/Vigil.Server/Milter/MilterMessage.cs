using Vigil.Engine.Gateway;
using Vigil.Mime.Spooling;

namespace Vigil.Server.Milter;

/// <summary>
/// One message of a milter connection as it arrives: the envelope, the header fields written
/// back into message form ("Name:" value CRLF), the body, and how many of each header name it had
/// (so that Vigil's own fields can replace forged ones). Bounded: past the byte limit nothing more
/// is kept and the message is refused at its end.
/// </summary>
internal sealed class MilterMessage(SpooledMessage spool, string sender, long maxBytes) : IDisposable
{
    private const int MaxCountedNames = 1000;
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();
    private readonly Dictionary<string, int> _headerCounts = new(StringComparer.OrdinalIgnoreCase);

    public SpooledMessage Spool { get; } = spool;

    public string Sender { get; } = sender;

    public List<string> Recipients { get; } = [];

    /// <summary>True once the message passed the byte limit.</summary>
    public bool TooBig { get; private set; }

    /// <summary>True when the spool could not be written (disk full): the message is deferred at its end.</summary>
    public bool SpoolFailed { get; private set; }

    public IReadOnlyDictionary<string, int> HeaderCounts => _headerCounts;

    /// <summary>A header field; <paramref name="leadingSpace"/> when the value keeps the white space after the colon.</summary>
    public void AddHeader(ReadOnlyMemory<byte> name, ReadOnlyMemory<byte> value, bool leadingSpace)
    {
        var key = System.Text.Encoding.ASCII.GetString(name.Span);
        if (_headerCounts.TryGetValue(key, out var count) || _headerCounts.Count < MaxCountedNames)
        {
            _headerCounts[key] = count + 1;
        }

        Write(name.Span);
        Write(leadingSpace ? ":"u8 : ": "u8);
        // Folded lines come with LF alone (or CRLF): the message gets CRLF.
        var rest = value.Span;
        while (rest.Length > 0)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }

            Write(line);
            if (end < 0)
            {
                break;
            }

            Write(Crlf);
            rest = rest[(end + 1)..];
        }

        Write(Crlf);
    }

    public void EndHeaders() => Write(Crlf);

    public void AddBody(ReadOnlySpan<byte> chunk) => Write(chunk);

    private void Write(ReadOnlySpan<byte> data)
    {
        if (TooBig || SpoolFailed)
        {
            return;
        }

        if (Spool.Length + data.Length > maxBytes)
        {
            TooBig = true;
            return;
        }

        try
        {
            Spool.Write(data);
        }
        catch (SpoolWriteException)
        {
            SpoolFailed = true;
        }
    }

    public void Dispose() => Spool.Dispose();
}
