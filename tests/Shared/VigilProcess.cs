using System.Diagnostics;
using System.Text;

namespace Vigil.Testing;

/// <summary>
/// Runs the real `vigil` (the vigil.dll beside the tests) as a separate process, the way an admin,
/// qmail-local or another tool starts it; nothing of the host is passed on (<see cref="HostIsolation"/>).
/// </summary>
public static class VigilProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string[] Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The start info for a long-running vigil (`web`, `serve`) a test starts and stops itself.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vigil.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        HostIsolation.Apply(psi);

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        return psi;
    }

    /// <summary>Runs vigil to its end (at most two minutes) with <paramref name="stdin"/> as its input.</summary>
    public static Result Run(IEnumerable<string> args, byte[]? stdin = null, IDictionary<string, string>? environment = null)
    {
        using var p = Process.Start(StartInfo(args, environment))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.BaseStream.Write(stdin);
        }

        p.StandardInput.Close();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("vigil did not finish");
        }

        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
