namespace Vigil.Mime.Model;

/// <summary>
/// What the bytes of an entity really are, found from their content (magic), whatever the name or
/// the declared MIME type say. This is QMVC's "loader type".
/// </summary>
/// <param name="Id">Short stable id, e.g. "pe", "elf", "zip", "ooxml-macro", "text".</param>
/// <param name="Description">Text matched by `badmimetypes`, e.g. "MS-DOS/Windows executable (PE)".</param>
/// <param name="Kind">Broad class.</param>
/// <param name="MimeType">The MIME type such content should carry, e.g. "application/x-dosexec".</param>
/// <param name="HasMacros">OOXML/OLE2 documents with a VBA project.</param>
public sealed record DetectedType(string Id, string Description, ContentKind Kind, string MimeType, bool HasMacros = false)
{
    public bool IsExecutable => Kind is ContentKind.Executable or ContentKind.Script;
}
