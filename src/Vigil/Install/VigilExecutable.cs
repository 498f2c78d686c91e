namespace Vigil.Install;

/// <summary>
/// How to start this very vigil from a script or another program: the apphost alone
/// (`/opt/vigil/vigil`), or the dotnet host with the assembly when it runs as `dotnet vigil.dll`
/// (tests, a framework-dependent copy). Generated files name it so they run what was installed.
/// </summary>
public sealed class VigilExecutable
{
    public VigilExecutable(IReadOnlyList<string> command)
    {
        if (command.Count == 0)
        {
            throw new ArgumentException("a command needs at least the program", nameof(command));
        }

        Command = command;
    }

    /// <summary>The program and any leading arguments (the assembly for `dotnet`), before the verb.</summary>
    public IReadOnlyList<string> Command { get; }

    /// <summary>The command quoted for /bin/sh.</summary>
    public string ShellText => ShellQuote.Words(Command);

    /// <summary>The running process, as found by the runtime.</summary>
    public static VigilExecutable Current()
    {
        var process = Environment.ProcessPath;
        if (process is null || IsDotnetHost(process))
        {
            // Only a JIT build runs under the dotnet host, and its vigil.dll sits in the app's base
            // directory (Assembly.Location is empty in a native or single-file binary: IL3000).
            var host = process ?? "dotnet";
            return new VigilExecutable([host, Path.Combine(AppContext.BaseDirectory, "vigil.dll")]);
        }

        return new VigilExecutable([process]);
    }

    /// <summary>An admin's explicit choice (`--vigil PATH`): a packaged binary at its final place.</summary>
    public static VigilExecutable At(string path) => new([path]);

    private static bool IsDotnetHost(string path) =>
        Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
}
