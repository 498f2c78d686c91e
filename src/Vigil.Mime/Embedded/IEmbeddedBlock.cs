namespace Vigil.Mime.Embedded;

/// <summary>
/// One encoded file being read out of a text body, line by line, after its start line was found.
/// </summary>
internal interface IEmbeddedBlock
{
    /// <summary>Offers the next line (terminator removed; <paramref name="chopped"/> when cut at the line limit).</summary>
    LineVerdict Accept(ReadOnlySpan<byte> line, bool chopped);

    /// <summary>
    /// Ends the block: after its closing line (<paramref name="closed"/>), or because the input
    /// ended or a foreign line came first. Flushes output and reports what was wrong.
    /// </summary>
    void Complete(bool closed);
}
