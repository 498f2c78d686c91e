using System.Diagnostics;
using System.Text;
using Vigil.Testing;

namespace Vigil.Tests.Doors;

/// <summary>
/// Runs `vigil queue` the way qmail-smtpd does: the message on fd 0 and the envelope on fd 1.
/// .NET cannot hand a child an input on fd 1, so the test starts it through bash with both as
/// redirections of files (paths in environment variables); the real qmail-queue is the recording
/// stand-in, which stores what it gets next to <see cref="Record"/>.
/// </summary>
internal sealed class QueueDoor : IDisposable
{
    public QueueDoor()
    {
        Dir = Path.Combine(Path.GetTempPath(), "vigil-door-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
        Control = Path.Combine(Dir, "control");
        Directory.CreateDirectory(Control);
        Quarantine = Path.Combine(Dir, "quarantine");
        StandIn = Path.Combine(Dir, "qmail-queue");
        File.Copy(Path.Combine(TestPaths.RepoRoot, "tests", "Vigil.Tests", "Doors", "recording-qmail-queue.sh"), StandIn);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(StandIn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Record = Path.Combine(Dir, "record");
        WriteOptions("");
    }

    public string Dir { get; }

    public string Control { get; }

    public string Quarantine { get; }

    public string StandIn { get; }

    public string Record { get; }

    public bool StandInCalled => File.Exists(Record + ".message");

    public byte[] ReceivedMessage => File.ReadAllBytes(Record + ".message");

    public byte[] ReceivedEnvelope => File.ReadAllBytes(Record + ".envelope");

    /// <summary>The envelope most tests use: a@example.org to b@example.net.</summary>
    public static byte[] TypicalEnvelope { get; } = Envelope("a@example.org", "b@example.net");

    public static byte[] Envelope(string sender, params string[] recipients)
    {
        var sb = new StringBuilder("F").Append(sender).Append('\0');
        foreach (var r in recipients)
        {
            sb.Append('T').Append(r).Append('\0');
        }

        return Encoding.ASCII.GetBytes(sb.Append('\0').ToString());
    }

    /// <summary>Writes the `options` file; the quarantine root is always the test's own, and so is qmail-inject unless <paramref name="extra"/> names one.</summary>
    public void WriteOptions(string extra) =>
        File.WriteAllText(Path.Combine(Control, "options"), HostIsolation.WithNotifyVia($"quarantine={Quarantine}\n{extra}"));

    public void WriteControl(string name, string content) => File.WriteAllText(Path.Combine(Control, name), content);

    /// <summary>What fd 6 received (notqmail's custom error) when <see cref="Run"/> gave one; "" otherwise.</summary>
    public string Fd6 => File.Exists(Path.Combine(Dir, "fd6")) ? File.ReadAllText(Path.Combine(Dir, "fd6")) : "";

    /// <param name="environment">Extra variables (tcpserver's TCPREMOTEIP, RELAYCLIENT...).</param>
    /// <param name="fd6">"pipe": fd 6 is the write end of a pipe, as notqmail's qmail-smtpd gives it;
    /// "file": fd 6 is a plain file; null: no fd 6, as netqmail. Either way <see cref="Fd6"/> has what came.</param>
    /// <param name="ignoreChildSignal">Start the door with SIGCHLD ignored, as a careless caller might.</param>
    /// <param name="wrapper">A command the door is started through, as a run script does (e.g. "softlimit -d 200000000").</param>
    public (int ExitCode, string Stderr) Run(byte[] message, byte[] envelope, int standInExit = 0, IDictionary<string, string>? environment = null, string? fd6 = null, bool ignoreChildSignal = false, string? wrapper = null)
    {
        var messageFile = Path.Combine(Dir, "in.message");
        var envelopeFile = Path.Combine(Dir, "in.envelope");
        File.WriteAllBytes(messageFile, message);
        File.WriteAllBytes(envelopeFile, envelope);
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        var queue = (wrapper is null ? "" : wrapper + " ") + "dotnet \"$VIGIL_DLL\" queue --control \"$CONTROL_DIR\" 1<\"$ENV_FILE\" <\"$MSG_FILE\"";
        psi.ArgumentList.Add((ignoreChildSignal ? "trap '' CHLD; " : "") + fd6 switch
        {
            // A process substitution is an anonymous pipe, like notqmail's; wait for its reader.
            "pipe" => queue + " 6> >(cat >\"$FD6_FILE\"); rc=$?; wait $!; exit $rc",
            "file" => "exec " + queue + " 6>\"$FD6_FILE\"",
            _ => "exec " + queue,
        });
        psi.Environment["FD6_FILE"] = Path.Combine(Dir, "fd6");
        HostIsolation.Apply(psi);

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        psi.Environment["VIGIL_DLL"] = Path.Combine(AppContext.BaseDirectory, "vigil.dll");
        psi.Environment["CONTROL_DIR"] = Control;
        psi.Environment["ENV_FILE"] = envelopeFile;
        psi.Environment["MSG_FILE"] = messageFile;
        psi.Environment["VIGIL_QMAILQUEUE"] = StandIn;
        psi.Environment["STANDIN_RECORD"] = Record;
        psi.Environment["STANDIN_EXIT"] = standInExit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("vigil queue did not finish");
        }

        return (p.ExitCode, stderr.Result);
    }

    public string[] QuarantinedFiles(string folder)
    {
        var dir = Path.Combine(Quarantine, folder, "new");
        return Directory.Exists(dir) ? Directory.GetFiles(dir) : [];
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
