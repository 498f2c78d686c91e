namespace Vigil.Mime.Model;

/// <summary>The broad class of a content, as far as a mail policy cares.</summary>
public enum ContentKind
{
    Unknown,
    Text,
    Executable,
    Script,
    Archive,
    Document,
    Image,
    Audio,
    Video,
}
