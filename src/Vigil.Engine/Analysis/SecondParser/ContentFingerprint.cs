using System.Buffers;
using System.Security.Cryptography;

namespace Vigil.Engine.Analysis.SecondParser;

/// <summary>
/// SHA-256 of decoded content with white space (space, tab, CR, LF) left out, so that the two
/// parsers' conventions for line ends and the line break before a boundary do not count as a
/// difference, while any other byte does. A write-only stream: MimeKit decodes into it.
/// </summary>
internal sealed class ContentFingerprint : Stream
{
    private static readonly SearchValues<byte> WhiteSpace = SearchValues.Create(" \t\r\n"u8);

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Action<ReadOnlySpan<byte>>? _copy;

    /// <param name="copy">Also receives every byte written (to keep the content), or null.</param>
    public ContentFingerprint(Action<ReadOnlySpan<byte>>? copy = null)
    {
        _copy = copy;
    }

    /// <summary>Bytes written, white space included.</summary>
    public long Written { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Written;

    public override long Position { get => Written; set => throw new NotSupportedException(); }

    /// <summary>The fingerprint of everything written so far, as lower-case hex; ends the hash.</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    /// <summary>Fingerprints a whole stream.</summary>
    public static string Of(Stream content)
    {
        using var fingerprint = new ContentFingerprint();
        content.CopyTo(fingerprint, 64 * 1024);
        return fingerprint.Finish();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Written += buffer.Length;
        _copy?.Invoke(buffer);
        while (!buffer.IsEmpty)
        {
            var space = buffer.IndexOfAny(WhiteSpace);
            if (space < 0)
            {
                _hash.AppendData(buffer);
                return;
            }

            if (space > 0)
            {
                _hash.AppendData(buffer[..space]);
            }

            buffer = buffer[(space + 1)..];
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
