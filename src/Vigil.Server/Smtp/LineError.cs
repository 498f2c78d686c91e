namespace Vigil.Server.Smtp;

/// <summary>Why a line could not be taken from the input.</summary>
public enum LineError
{
    None,

    /// <summary>No line end within the limit.</summary>
    TooLong,

    /// <summary>A line ended in LF without CR (the end-of-data smuggling trick).</summary>
    BareLineFeed,

    /// <summary>A NUL byte in a command.</summary>
    Nul,
}
