using Vigil.Mime.Model;

namespace Vigil.Mime.Parsing;

/// <summary>
/// A message/rfc822 part sent with base64 or quoted-printable (not allowed by RFC 2046, used
/// anyway) is decoded like any leaf by the parser; this expander parses the decoded bytes as the
/// message they are, so what is attached to the inner message is found too.
/// </summary>
public sealed class EncodedMessageExpander : IEntityExpander
{
    public bool CanExpand(Entity entity) =>
        entity.Content is { Length: > 0 } &&
        entity.Source == EntitySource.MimePart &&
        entity.DeclaredType is "message/rfc822" or "message/global";

    public void Expand(Entity entity, AnalysisContext context)
    {
        var path = entity.Path + ".1";
        var message = entity.AddChild(path, EntitySource.Message);
        using var stream = entity.Content!.OpenRead();
        MimeParser.ParseInto(stream, message, context);
    }
}
