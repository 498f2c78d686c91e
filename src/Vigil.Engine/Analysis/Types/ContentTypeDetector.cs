using System.Buffers;
using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Types;

/// <summary>
/// QMVC's "loader type": what a content really is, from its bytes, whatever its name or declared
/// MIME type claim. Detection is a walk down fixed tables, one per family (executables,
/// archives, documents, images, audio/video; then, for text, scripts and markup), most specific
/// first; the first row that recognises the content wins. Text that no rule claims is plain text
/// described by its encoding, binary is "data", and nothing at all is "empty".
/// Ids are stable (logs and policy files use them); descriptions are what `badmimetypes` matches.
/// Never throws: malformed, truncated or hostile content gets the most sensible answer.
/// </summary>
public static class ContentTypeDetector
{
    /// <summary>How much of the head is looked at (the spool keeps 8 KiB).</summary>
    public const int HeadSize = 8192;

    private static readonly ContentProbe[] BinaryProbes =
    [
        .. ExecutableTypes.Probes,
        .. ArchiveTypes.Probes,
        .. DocumentTypes.Probes,
        .. ImageTypes.Probes,
        .. AudioVideoTypes.Probes,
    ];

    private static readonly TextProbe[] TextProbes = [.. ScriptTypes.Probes, .. TextTypes.Probes];

    /// <summary>Every type the detector can answer with (for configuration checks and documentation).</summary>
    public static IReadOnlyList<DetectedType> KnownTypes { get; } =
    [
        .. ExecutableTypes.All,
        .. ScriptTypes.All,
        .. ArchiveTypes.All,
        .. DocumentTypes.All,
        .. ImageTypes.All,
        .. AudioVideoTypes.All,
        .. TextTypes.All,
    ];

    /// <summary>Detects the type of a content.</summary>
    /// <param name="head">The first bytes of the content (up to <see cref="HeadSize"/> are used).</param>
    /// <param name="totalLength">The content's full length.</param>
    /// <param name="openContent">
    /// Opens the whole content as a new seekable stream, for checks that look past the head (a zip's
    /// central directory, an OLE2 directory, an ISO 9660 volume descriptor). Without it those checks
    /// use the head alone.
    /// </param>
    public static DetectedType Detect(ReadOnlySpan<byte> head, long totalLength, Func<Stream>? openContent = null)
    {
        if (head.Length > HeadSize)
        {
            head = head[..HeadSize];
        }

        if (head.IsEmpty && totalLength <= 0)
        {
            return TextTypes.Empty;
        }

        var content = new ContentReader(head, totalLength, openContent);
        try
        {
            foreach (var probe in BinaryProbes)
            {
                if (probe(ref content) is { } found)
                {
                    return found;
                }
            }

            var profile = TextProfile.Examine(head, truncated: content.Length > head.Length);
            if (profile.IsText)
            {
                return DetectText(head, in profile);
            }

            return ExecutableTypes.ProbeDosCom(ref content) ?? TextTypes.Data;
        }
        finally
        {
            content.Dispose();
        }
    }

    private static DetectedType DetectText(ReadOnlySpan<byte> head, in TextProfile profile)
    {
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(head.Length, 1));
        try
        {
            var text = buffer.AsSpan(0, profile.Decode(head, buffer));
            foreach (var probe in TextProbes)
            {
                if (probe(text, in profile) is { } found)
                {
                    return found;
                }
            }

            return TextTypes.PlainText(in profile);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }
}
