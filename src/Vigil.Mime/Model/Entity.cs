using Vigil.Mime.Spooling;

namespace Vigil.Mime.Model;

/// <summary>
/// One node of a taken-apart message: the message, a MIME part, a file found inside a body
/// (uuencode, BinHex, yEnc), a TNEF attachment or an archive member. Leaves carry their decoded
/// content in a <see cref="ContentSpool"/>; containers carry children.
/// </summary>
public sealed class Entity
{
    private readonly List<Entity> _children = [];
    // Made at the first name: most parts have none, and every entity of a 10,000-part message stays
    // alive to the end of the analysis.
    private List<NameCandidate>? _names;
    private HashSet<(string Raw, NameSource Source)>? _nameKeys;

    public Entity(string path, EntitySource source, Entity? parent = null)
    {
        Path = path;
        Source = source;
        Parent = parent;
    }

    /// <summary>
    /// Position in the tree: "" for the message, "1", "1.2" for MIME parts; members found inside an
    /// entity add "/" and their name or "#n" (e.g. "2.1/archive.zip/dir/x.exe").
    /// </summary>
    public string Path { get; }

    public EntitySource Source { get; }

    public Entity? Parent { get; }

    public IReadOnlyList<Entity> Children => _children;

    /// <summary>Header fields of a MIME part or message (empty for other sources).</summary>
    public IReadOnlyList<Header> Headers { get; set; } = [];

    /// <summary>Declared media type, lower case "type/subtype" (null when none was declared).</summary>
    public string? DeclaredType { get; set; }

    /// <summary>Declared charset parameter, if any.</summary>
    public string? Charset { get; set; }

    /// <summary>Content-Transfer-Encoding, lower case, if any.</summary>
    public string? TransferEncoding { get; set; }

    /// <summary>Content-Disposition value ("attachment", "inline"), lower case, if any.</summary>
    public string? Disposition { get; set; }

    /// <summary>Every file name this entity carries, from every place a client would look.</summary>
    public IReadOnlyList<NameCandidate> Names => (IReadOnlyList<NameCandidate>?)_names ?? [];

    /// <summary>The name a user would most likely see (the first one found), normalised.</summary>
    public string? FileName => _names is { Count: > 0 } ? _names[0].Normalized : null;

    /// <summary>Decoded content of a leaf; null for containers.</summary>
    public ContentSpool? Content { get; set; }

    /// <summary>Decoded size of a leaf (0 for containers).</summary>
    public long Size => Content?.Length ?? 0;

    /// <summary>Size as stored in an archive or declared by a container, when known and differing from content.</summary>
    public long? DeclaredSize { get; set; }

    /// <summary>What the content really is; set by type detection.</summary>
    public DetectedType? Detected { get; set; }

    /// <summary>An archive member that could not be read because it is encrypted.</summary>
    public bool IsEncrypted { get; set; }

    /// <summary>
    /// An archive, or a member of one, whose content could not be read in full: a damaged
    /// structure, a compression method or format nothing here decompresses. Like an encrypted
    /// member it was not checked, so policy can block it (`unreadable-archive`).
    /// </summary>
    public bool IsUnreadable { get; set; }

    /// <summary>
    /// The content is the body of a multipart whose boundary could not be used (no boundary
    /// parameter, or one that never appears): a client that finds the boundary in the body reads
    /// parts here (<c>BoundaryGuessExpander</c>).
    /// </summary>
    public bool IsUnsplitMultipartBody { get; set; }

    /// <summary>True for multiparts and messages, whose content is their children.</summary>
    public bool IsContainer { get; set; }

    public void AddName(NameCandidate name)
    {
        // A set beside the list: a search of the list per name was quadratic in the number of names.
        if (!(_nameKeys ??= []).Add((name.Raw, name.Source)))
        {
            return;
        }

        (_names ??= []).Add(name);
    }

    public Entity AddChild(string path, EntitySource source)
    {
        var child = new Entity(path, source, this);
        _children.Add(child);
        return child;
    }

    /// <summary>
    /// A child that is another reading of this part's body (quoted-printable or base64 as a
    /// different decoder reads it): the same headers, types and names, <paramref name="content"/>
    /// as its body, so it goes through the same checks as the part.
    /// </summary>
    public Entity AddAlternativeReading(string path, ContentSpool content)
    {
        var child = AddChild(path, EntitySource.MimePart);
        child.Headers = Headers;
        child.DeclaredType = DeclaredType;
        child.Charset = Charset;
        child.TransferEncoding = TransferEncoding;
        child.Disposition = Disposition;
        foreach (var name in Names)
        {
            child.AddName(name);
        }

        child.Content = content;
        return child;
    }

    /// <summary>How many archives enclose this entity (a member of a zip in a zip has depth 2).</summary>
    public int ArchiveDepth
    {
        get
        {
            var depth = 0;
            for (var e = this; e is not null; e = e.Parent)
            {
                if (e.Source == EntitySource.Archive)
                {
                    depth++;
                }
            }

            return depth;
        }
    }

    /// <summary>This entity and all below it, depth first.</summary>
    public IEnumerable<Entity> DescendantsAndSelf()
    {
        var stack = new Stack<Entity>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            yield return e;
            for (var i = e._children.Count - 1; i >= 0; i--)
            {
                stack.Push(e._children[i]);
            }
        }
    }

    /// <summary>The path for a member named <paramref name="name"/> (or numbered) found inside this entity.</summary>
    public string MemberPath(string? name, int index) =>
        (Path.Length == 0 ? "" : Path + "/") + (string.IsNullOrEmpty(name) ? $"#{index}" : name);
}
