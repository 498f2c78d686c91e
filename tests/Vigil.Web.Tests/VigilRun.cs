using System.Diagnostics;
using System.Text;

namespace Vigil.Web.Tests;

/// <summary>Runs the real `vigil` (the vigil.dll beside the tests) as a separate process, as an admin or qmail-local would.</summary>
internal static class VigilRun
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

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

        foreach (var inherited in new[] { "VIGIL_CONTROL", "VIGIL_STORE", "VIGIL_NODE", "VIGIL_PROFILE", "RELAYCLIENT", "TCPREMOTEIP" })
        {
            psi.Environment.Remove(inherited);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        return psi;
    }

    public static Result Run(IEnumerable<string> args, string? stdin = null, IDictionary<string, string>? environment = null)
    {
        using var p = Process.Start(StartInfo(args, environment))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.BaseStream.Write(Encoding.UTF8.GetBytes(stdin));
        }

        p.StandardInput.Close();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("vigil did not finish");
        }

        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
