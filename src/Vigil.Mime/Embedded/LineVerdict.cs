namespace Vigil.Mime.Embedded;

/// <summary>What an embedded block made of the line it was offered.</summary>
internal enum LineVerdict
{
    /// <summary>The line belongs to the block and more may follow.</summary>
    Continue,

    /// <summary>The line closed the block (an "end", "=yend" or closing ':').</summary>
    Done,

    /// <summary>The line is not part of the block: the block has ended without its closing line, and the line is scanned again.</summary>
    NotMine,
}
