namespace Vigil.Engine.Tests.Dispositions.Quarantine;

/// <summary>
/// A small real program standing in for sendmail: a shell script that records its arguments (one
/// per line) and its stdin, writes a message to stderr and exits with a chosen code.
/// </summary>
internal sealed class FakeSendmail
{
    public FakeSendmail(string dir, int exitCode = 0, bool readStdin = true)
    {
        Program = Path.Combine(dir, "sendmail");
        ArgsFile = Path.Combine(dir, "sendmail.args");
        StdinFile = Path.Combine(dir, "sendmail.stdin");
        var read = readStdin ? $"cat > '{StdinFile}'" : "exec 0<&-";
        File.WriteAllText(
            Program,
            $"#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{ArgsFile}'\n{read}\necho 'fake sendmail says {exitCode}' >&2\nexit {exitCode}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Program { get; }

    public string ArgsFile { get; }

    public string StdinFile { get; }

    public string[] Args => File.ReadAllLines(ArgsFile);

    public bool Ran => File.Exists(ArgsFile);
}
