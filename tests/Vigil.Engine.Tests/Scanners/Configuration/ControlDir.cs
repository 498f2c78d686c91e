namespace Vigil.Engine.Tests.Scanners.Configuration;

/// <summary>A temporary control directory, removed after the test.</summary>
internal sealed class ControlDir : IDisposable
{
    public ControlDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vigil-scanners-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string content)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, content);
        return file;
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
