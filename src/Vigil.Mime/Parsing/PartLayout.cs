namespace Vigil.Mime.Parsing;

/// <summary>How the body after a header block is to be read.</summary>
internal enum PartLayoutKind
{
    Leaf,
    Multipart,
    Message,
}

/// <summary>The reading chosen for a part's body.</summary>
internal sealed record PartLayout(PartLayoutKind Kind, string? Boundary);
