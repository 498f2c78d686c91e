using Vigil.Mime.Model;

namespace Vigil.Mime.Tnef;

/// <summary>
/// What the parser gathered about one attachment. Its attributes may come in any order (data before
/// name), so the entity is only made once the attachment is complete.
/// </summary>
internal sealed class TnefAttachment
{
    public List<(string Raw, NameSource Source, int Priority)> Names { get; } = [];

    /// <summary>Every copy of the content seen (attAttachData, PR_ATTACH_DATA_OBJ); a client may use any.</summary>
    public List<ByteRange> Data { get; } = [];

    /// <summary>A nested TNEF stream (an attached message), after its interface id.</summary>
    public ByteRange? EmbeddedMessage { get; set; }

    public string? MimeTag { get; set; }

    public string? Extension { get; set; }

    public int Method { get; set; }

    public void AddName(string raw, NameSource source, int priority)
    {
        if (raw.Length > 0)
        {
            Names.Add((raw, source, priority));
        }
    }
}
