using System.Diagnostics;
using Vigil.Testing;

namespace Vigil.Tests.Install;

/// <summary>
/// Runs a program the way qmail does: a file on fd 0 and another file as a read-only fd 1 (the
/// envelope for QMAILQUEUE; for QHPSI the envelope pipe it inherits). Both come through bash
/// redirections because .NET cannot hand a child an input on fd 1.
/// </summary>
internal static class FdProcess
{
    public static (int ExitCode, string Stderr) Run(string program, IReadOnlyList<string> args, string stdinFile, string fd1File, IDictionary<string, string> environment)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("m=$1; e=$2; shift 2; exec \"$@\" <\"$m\" 1<\"$e\"");
        psi.ArgumentList.Add("fd-process");
        psi.ArgumentList.Add(stdinFile);
        psi.ArgumentList.Add(fd1File);
        psi.ArgumentList.Add(program);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        HostIsolation.Apply(psi);
        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish");
        }

        return (p.ExitCode, stderr.Result);
    }
}
