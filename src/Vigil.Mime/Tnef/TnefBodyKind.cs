namespace Vigil.Mime.Tnef;

/// <summary>How a message body is stored in the TNEF stream.</summary>
internal enum TnefBodyKind
{
    /// <summary>Bytes to keep as they are (PR_BODY_HTML as binary).</summary>
    Raw,

    /// <summary>An 8-bit string in the message code page (attBody, PT_STRING8): kept without its final NUL.</summary>
    String8,

    /// <summary>UTF-16LE text, spooled as UTF-8.</summary>
    Utf16,

    /// <summary>PR_RTF_COMPRESSED: LZFu-compressed or stored RTF.</summary>
    CompressedRtf,
}
