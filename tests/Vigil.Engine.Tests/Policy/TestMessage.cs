using System.Text;
using Vigil.Engine.Analysis;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Tests.Policy;

/// <summary>Builds entity trees by hand, as the parser would leave them, for policy tests.</summary>
internal sealed class TestMessage : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    static TestMessage()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    private readonly List<Anomaly> _anomalies = [];
    private readonly List<LimitHit> _hits = [];

    public TestMessage(string subject = "Hello")
    {
        Root = new Entity("", EntitySource.Message) { IsContainer = true, DeclaredType = "multipart/mixed" };
        Subject = subject;
        Root.Headers = [new Header("Subject", subject)];
    }

    public Entity Root { get; }

    public string Subject { get; }

    public long MessageSize { get; set; } = 1000;

    public static DetectedType Pe { get; } = new("pe", "MS-DOS/Windows executable (PE)", ContentKind.Executable, "application/x-dosexec");

    public static DetectedType Zip { get; } = new("zip", "Zip archive", ContentKind.Archive, "application/zip");

    public static DetectedType Text { get; } = new("text", "ASCII text", ContentKind.Text, "text/plain");

    public void AddHeader(string name, string value) => Root.Headers = [.. Root.Headers, new Header(name, value)];

    /// <summary>A MIME part under the root with a file name and content of <paramref name="size"/> bytes.</summary>
    public Entity Attach(string? fileName, int size = 100, DetectedType? detected = null, string declaredType = "application/octet-stream", string? rawName = null)
    {
        var entity = Root.AddChild((Root.Children.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), EntitySource.MimePart);
        entity.DeclaredType = declaredType;
        entity.Detected = detected;
        if (fileName is not null)
        {
            entity.AddName(new NameCandidate(rawName ?? fileName, fileName, NameSource.ContentDispositionFilename));
        }

        entity.Content = Spool(new byte[size]);
        return entity;
    }

    /// <summary>A text part with the given body in the given charset.</summary>
    public Entity AttachText(string body, string charset = "utf-8", string declaredType = "text/plain")
    {
        var entity = Root.AddChild((Root.Children.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), EntitySource.MimePart);
        entity.DeclaredType = declaredType;
        entity.Charset = charset;
        entity.Content = Spool(Encoding.GetEncoding(charset).GetBytes(body));
        return entity;
    }

    /// <summary>An archive member inside <paramref name="archive"/>.</summary>
    public Entity AddMember(Entity archive, string name, int size = 100, DetectedType? detected = null, bool encrypted = false)
    {
        var member = archive.AddChild(archive.MemberPath(name, archive.Children.Count), EntitySource.Archive);
        member.AddName(new NameCandidate(name, name, NameSource.ArchiveEntry));
        member.Detected = detected;
        member.IsEncrypted = encrypted;
        if (!encrypted)
        {
            member.Content = Spool(new byte[size]);
        }

        return member;
    }

    public void AddAnomaly(string code, string path, AnomalySeverity severity) =>
        _anomalies.Add(new Anomaly(code, path, "test anomaly " + code, severity));

    public void AddLimitHit(string limit, string path) => _hits.Add(new LimitHit(limit, path, "test limit " + limit));

    public MessageAnalysis Analysis() => new(Root, _anomalies, _hits, MessageSize) { Subject = Subject };

    public void Dispose()
    {
        foreach (var e in Root.DescendantsAndSelf())
        {
            e.Content?.Dispose();
        }

        _scratch.Dispose();
    }

    private ContentSpool Spool(byte[] data)
    {
        var spool = new ContentSpool(_scratch, 64 * 1024);
        spool.Write(data);
        return spool;
    }
}
