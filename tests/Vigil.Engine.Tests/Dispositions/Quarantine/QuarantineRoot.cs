namespace Vigil.Engine.Tests.Dispositions.Quarantine;

/// <summary>A temporary quarantine root, removed after the test.</summary>
internal sealed class QuarantineRoot : IDisposable
{
    public QuarantineRoot()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vigil-q-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string[] Files(string folder, string sub)
    {
        var dir = System.IO.Path.Combine(Path, folder, sub);
        return Directory.Exists(dir) ? Directory.GetFiles(dir) : [];
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
