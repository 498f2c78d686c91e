using System.Globalization;

namespace Vigil.Engine.Tests.Scanners.Command;

/// <summary>
/// A temp directory for the shell scripts a test plays scanner with, and the files they leave.
/// Scripts are run as `/bin/sh SCRIPT`, never exec'd themselves: a file just written can be "busy"
/// for exec while another test thread forks.
/// </summary>
internal sealed class ScriptDirectory : IDisposable
{
    public ScriptDirectory()
    {
        Root = Directory.CreateTempSubdirectory("vigil-command-test-").FullName;
    }

    public string Root { get; }

    /// <summary>Writes a /bin/sh script and returns its path.</summary>
    public string Script(string name, string body)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        return path;
    }

    public string File(string name) => Path.Combine(Root, name);

    /// <summary>A pid a script wrote to <paramref name="name"/>.</summary>
    public int Pid(string name) => int.Parse(System.IO.File.ReadAllText(File(name)).Trim(), CultureInfo.InvariantCulture);

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
