namespace Vigil.Engine.Analysis.Types;

/// <summary>How a text content is encoded, as far as its head tells.</summary>
internal enum TextEncodingKind
{
    /// <summary>Not text: NUL bytes or too many control characters.</summary>
    None,
    Ascii,
    Utf8,

    /// <summary>8-bit text that is not valid UTF-8 (ISO-8859-x, Windows-125x...).</summary>
    EightBit,
    Utf16LittleEndian,
    Utf16BigEndian,
}
