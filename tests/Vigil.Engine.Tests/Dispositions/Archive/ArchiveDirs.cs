namespace Vigil.Engine.Tests.Dispositions.Archive;

/// <summary>A temporary quarantine root and archive Maildir, removed after the test.</summary>
internal sealed class ArchiveDirs : IDisposable
{
    public ArchiveDirs()
    {
        Root = Directory.CreateTempSubdirectory("vigil-archive-test-").FullName;
    }

    public string Root { get; }

    public string Archive => Path.Combine(Root, "archive");

    public string Quarantine => Path.Combine(Root, "quarantine");

    public string[] Files(string sub)
    {
        var dir = Path.Combine(Archive, sub);
        return Directory.Exists(dir) ? Directory.GetFiles(dir) : [];
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
