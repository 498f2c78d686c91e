using System.Diagnostics;
using Vigil.Testing;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Tests.Cli;

/// <summary>
/// The real `vigil serve` as its own process (through bash when a test needs what a service
/// manager sets, e.g. systemd's SYSTEMD_EXEC_PID and NOTIFY_SOCKET), its output kept, signals sent
/// by pid as systemd and daemontools send them.
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    /// <param name="systemd">Started as systemd starts a service: `exec` from a shell that set SYSTEMD_EXEC_PID to the pid the daemon keeps.</param>
    public ServeProcess(string[] arguments, IDictionary<string, string>? environment = null, bool systemd = false)
    {
        var vigil = Path.Combine(AppContext.BaseDirectory, "vigil.dll");
        ProcessStartInfo psi;
        if (systemd)
        {
            psi = new ProcessStartInfo("bash");
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("export SYSTEMD_EXEC_PID=$$; exec dotnet \"$@\"");
            psi.ArgumentList.Add("bash");
        }
        else
        {
            psi = new ProcessStartInfo("dotnet");
        }

        psi.ArgumentList.Add(vigil);
        psi.ArgumentList.Add("serve");
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        HostIsolation.Apply(psi);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    /// <summary>Everything the daemon wrote so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool Running => !_process.HasExited;

    /// <summary>Waits until the output holds <paramref name="text"/> <paramref name="times"/> times; fails with the output when it does not within a minute.</summary>
    public void WaitForOutput(string text, int times = 1)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (Count(text) < times && DateTime.UtcNow < until && Running)
        {
            Thread.Sleep(50);
        }

        Assert.True(Count(text) >= times, $"'{text}' not written {times.ToString(CultureInfo.InvariantCulture)} time(s):\n{Output}");
    }

    public int Count(string text)
    {
        var output = Output;
        var n = 0;
        for (var i = output.IndexOf(text, StringComparison.Ordinal); i >= 0; i = output.IndexOf(text, i + text.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    /// <summary>Sends a signal (HUP, TERM) to the daemon by its pid.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGTERM and the exit code (-1 when it did not stop within a minute and was killed).</summary>
    public int Stop()
    {
        Signal("TERM");
        if (!_process.WaitForExit(60_000))
        {
            _process.Kill(entireProcessTree: true);
            return -1;
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>A connected client once the listener is up (it starts in the background).</summary>
    public static TcpClient Connect(int port)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var tcp = new TcpClient { NoDelay = true };
            try
            {
                tcp.Connect("127.0.0.1", port);
                tcp.ReceiveTimeout = 30_000;
                return tcp;
            }
            catch (SocketException) when (DateTime.UtcNow < until)
            {
                tcp.Dispose();
                Thread.Sleep(100);
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Append(line).Append('\n');
        }
    }
}
