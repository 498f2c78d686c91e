using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Vigil.Engine.Gateway;
using Vigil.Server.Hosting;
using Vigil.Server.Milter;
using Vigil.Testing;

namespace Vigil.Server.Tests.Milter;

/// <summary>
/// The milter listener on a unix socket (`milter=unix:/PATH`, Postfix's `smtpd_milters =
/// unix:/PATH`): the whole serve host binds it, gives it mode 0660 and Postfix's group, and the
/// real Postfix talks to it; a socket file left by a dead daemon is taken over, a plain file in
/// the way stops the start; the address is read from the `serve` file and refused when relative.
/// </summary>
[SupportedOSPlatform("linux")]
public class MilterUnixSocketTests
{
    [Fact]
    public async Task PostfixReachesTheMilterOverAUnixSocketWithMode0660AndItsGroup()
    {
        using var clamd = new PrivateClamdProcess();
        using var control = new TempDir();
        control.Write("scanners", $"clamd {clamd.TcpText}\n");
        control.Write("options", "statusheader=yes\n");
        // Postfix's smtpd runs as postfix: the directory must let it in, the socket's group does the rest.
        var dir = Path.Combine(control.Path, "run");
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
        var path = Path.Combine(dir, "milter.sock");
        await using var host = await StartAsync(control.Path, path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, File.GetUnixFileMode(path));
        Assert.Equal(GroupId("postfix"), OwnerGroup(path));

        using var postfix = new PrivatePostfix("unix:" + path);
        var clean = postfix.Swaks("--from", "sender@client.test", "--to", "alice@example.test", "--header", "Subject: hello", "--body", "plain body");
        Assert.True(clean.ExitCode == 0, clean.Output + postfix.MailLog);
        Assert.True(PrivatePostfix.WaitFor(() => postfix.Delivered("alice").Length, 1), postfix.MailLog);
        var delivered = File.ReadAllText(Assert.Single(postfix.Delivered("alice")));
        Assert.Contains("\nX-Vigil-Status: clean; parts=1; bytes=", delivered[..delivered.IndexOf("\n\n", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASocketFileLeftByADeadDaemonIsTakenOverAndAPlainFileStopsTheStart()
    {
        using var control = new TempDir();
        var path = Path.Combine(control.Path, "milter.sock");
        // A process that bound the socket and died: .NET removes its own socket file when it
        // closes the socket, so the dead daemon is a python3 that exits without unlinking.
        using (var dead = Process.Start(new ProcessStartInfo("python3", ["-c", "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", path]))!)
        {
            dead.WaitForExit();
        }

        Assert.True(File.Exists(path));
        await using (var host = await StartAsync(control.Path, path))
        {
            using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await client.ConnectAsync(new UnixDomainSocketEndPoint(path));
            Assert.True(client.Connected);
        }

        File.Delete(path);
        File.WriteAllText(path, "not a socket");
        var (none, errors) = ServeHost.Build(Options(control.Path, path), new GatewaySettings { ControlDirectory = control.Path });
        Assert.Null(none);
        Assert.Contains($"--milter: {path} exists and is not a socket", errors);
    }

    [Fact]
    public void TheServeFileReadsUnixAndIpMilterAddressesAndRefusesARelativePath()
    {
        var errors = new List<string>();
        var options = ServeFile.Parse(["milter=127.0.0.1:8891 unix:/run/vigil/milter.sock", "miltergroup=postfix", "milter=local:/run/vigil/m2.sock"], new ServeOptions(), errors);
        Assert.Empty(errors);
        Assert.Equal(["127.0.0.1:8891", "unix:/run/vigil/milter.sock", "unix:/run/vigil/m2.sock"], options.Milter.Select(MilterAddress.Describe));
        Assert.Equal("postfix", options.MilterGroup);

        ServeFile.Parse(["milter=unix:run/milter.sock", "milter=127.0.0.1"], new ServeOptions(), errors);
        Assert.Equal(
            ["serve:1: milter: 'unix:run/milter.sock' is not IP:PORT or unix:/ABSOLUTE/PATH", "serve:2: milter: '127.0.0.1' is not IP:PORT or unix:/ABSOLUTE/PATH"],
            errors);
    }

    private static ServeOptions Options(string control, string path) => new()
    {
        ControlDirectory = control,
        Milter = [new UnixDomainSocketEndPoint(path)],
        MilterGroup = "postfix",
        HostName = "gw.vigil.test",
        DrainTimeout = TimeSpan.FromSeconds(5),
    };

    private static async Task<RunningHost> StartAsync(string control, string path)
    {
        var (host, errors) = ServeHost.Build(Options(control, path), new GatewaySettings { ControlDirectory = control }, l => l.ClearProviders());
        Assert.True(host is not null, string.Join("; ", errors));
        await host.StartAsync();
        return new RunningHost(host);
    }

    private static int OwnerGroup(string path)
    {
        // stat -c %g: the BCL has no group id of a file.
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%g", path]) { RedirectStandardOutput = true })!;
        var output = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return int.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    private sealed class RunningHost(ServeHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }
    }

    private static int GroupId(string name) =>
        File.ReadLines("/etc/group").Select(l => l.Split(':')).Where(f => f.Length > 2 && f[0] == name).Select(f => int.Parse(f[2], CultureInfo.InvariantCulture)).Single();
}
