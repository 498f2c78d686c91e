namespace Vigil.Mime.Tnef;

/// <summary>A span of bytes inside the TNEF stream, kept as offsets so large values are never buffered.</summary>
internal readonly record struct ByteRange(long Offset, long Length)
{
    public long End => Offset + Length;
}
