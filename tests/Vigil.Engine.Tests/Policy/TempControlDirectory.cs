using System.Text;

namespace Vigil.Engine.Tests.Policy;

/// <summary>A control directory in a fresh temp folder, removed at the end of the test.</summary>
internal sealed class TempControlDirectory : IDisposable
{
    public TempControlDirectory()
    {
        Path = Directory.CreateTempSubdirectory("vigil-policy-test-").FullName;
    }

    public string Path { get; }

    public string FilePath(string name) => System.IO.Path.Combine(Path, name);

    public TempControlDirectory Write(string name, string text)
    {
        File.WriteAllText(FilePath(name), text, new UTF8Encoding(false));
        return this;
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
