using System.Text;
using Vigil.Mime.Model;
using Vigil.Mime.Names;

namespace Vigil.Mime.Embedded;

/// <summary>
/// Creates the child entity for one embedded file and spools its bytes, drawing every chunk from
/// the analysis budget. Also the one place a block reports its anomaly, on the child's path once
/// it exists (on the parent's before).
/// </summary>
internal sealed class EmbeddedChildWriter
{
    private readonly Entity _parent;
    private readonly AnalysisContext _context;
    private readonly EntitySource _source;
    private readonly NameSource _nameSource;
    private readonly int _index;
    private Entity? _child;

    public EmbeddedChildWriter(Entity parent, AnalysisContext context, EntitySource source, NameSource nameSource, int index)
    {
        _parent = parent;
        _context = context;
        _source = source;
        _nameSource = nameSource;
        _index = index;
    }

    public Entity? Child => _child;

    /// <summary>The child's path once opened, else the parent's.</summary>
    public string Path => _child?.Path ?? _parent.Path;

    /// <summary>True once a limit refused a part or bytes: the whole extraction stops.</summary>
    public bool Refused { get; private set; }

    /// <summary>Bytes written to the child so far.</summary>
    public long Written { get; private set; }

    public bool IsOpen => _child is not null;

    /// <summary>Creates the child named <paramref name="rawName"/> (may be empty); false when the part limit refuses.</summary>
    public bool Open(string rawName)
    {
        if (_child is not null || Refused)
        {
            return !Refused;
        }

        var path = _parent.MemberPath(rawName, _index);
        foreach (var sibling in _parent.Children)
        {
            if (sibling.Path == path)
            {
                // Two files of the same name in one body: number the second so paths stay unique.
                path = _parent.MemberPath(null, _index);
                break;
            }
        }

        if (!_context.Budget.TryAddPart(path))
        {
            Refused = true;
            return false;
        }

        _child = _parent.AddChild(path, _source);
        if (rawName.Length > 0)
        {
            _child.AddName(new NameCandidate(rawName, FileNameNormalizer.Normalize(rawName), _nameSource));
        }

        _child.Content = _context.NewSpool();
        return true;
    }

    /// <summary>Appends decoded bytes; false once a limit refused (nothing more is written).</summary>
    public bool Write(ReadOnlySpan<byte> data)
    {
        if (Refused || _child?.Content is null)
        {
            return false;
        }

        if (data.IsEmpty)
        {
            return true;
        }

        if (!_context.Budget.TryAddDecoded(data.Length, _child.Path))
        {
            Refused = true;
            return false;
        }

        _child.Content.Write(data);
        Written += data.Length;
        return true;
    }

    public void Report(string code, string detail, AnomalySeverity severity = AnomalySeverity.Notice) =>
        _context.Report(code, Path, detail, severity);

    /// <summary>A file name as written in the body: UTF-8 where valid, else Latin-1, blanks trimmed.</summary>
    public static string DecodeName(ReadOnlySpan<byte> raw)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            text = Encoding.Latin1.GetString(raw);
        }

        return text.Trim(' ', '\t');
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
