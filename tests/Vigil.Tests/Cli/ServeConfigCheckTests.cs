using Vigil.Testing;

namespace Vigil.Tests.Cli;

/// <summary>
/// `vigil config check` reads what `vigil serve` reads too: the `serve` file and the listener files
/// (smtproutes, tcp.smtp, rcptprofiles, the STARTTLS certificate), each error at its file and line,
/// exit 1; a good set passes.
/// </summary>
public class ServeConfigCheckTests
{
    [Fact]
    public void ConfigCheckReportsTheServeFileAndListenerFilesErrorsWithFileAndLine()
    {
        using var dir = new TempDir();
        var control = Path.Combine(dir.Path, "control");
        dir.Write("control/serve", "# gateway\nsmtp=127.0.0.1:2525\nsmtpport=25\nrelay=[10.0.0.1\nsmtp=localhost:25\nquarantinereply=299\n");
        dir.Write("control/smtproutes", "example.test:[10.0.0.5]:25 tls=require\nbroken.test:mx tls=always\n");
        dir.Write("control/serverkey.pem", "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n");

        var r = VigilProcess.Run(["config", "check", "--control", control]);

        Assert.Equal(1, r.ExitCode);
        var serve = Path.Combine(control, "serve");
        Assert.Contains($"{serve}:3: error: unknown key 'smtpport'", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{serve}:4: error: relay: '[10.0.0.1' is not HOST:PORT", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{serve}:5: error: 'localhost:25' is not IP:PORT", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{serve}:6: error: quarantinereply: '299' is not 250, 550, 554 or 451", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{Path.Combine(control, "smtproutes")}:2: error: 'tls=always' is not tls=may, tls=require or tls=no", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{Path.Combine(control, "serverkey.pem")}:0: error: there is no servercert.pem for it", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain($"{serve}:2:", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AGoodServeFileAndRoutesPass()
    {
        using var dir = new TempDir();
        var control = Path.Combine(dir.Path, "control");
        dir.Write("control/serve", "smtp=127.0.0.1:2525\nrelay=127.0.0.1:10026\nrelaytls=require\nrelayconnections=0\nquarantinereply=550\n");
        dir.Write("control/smtproutes", ":[10.0.0.5]:25 tls=no\n");
        dir.Write("control/tcp.smtp", "127.0.0.1:allow,RELAYCLIENT=\"\"\n");

        var r = VigilProcess.Run(["config", "check", "--control", control]);

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.DoesNotContain("error:", r.Stdout, StringComparison.Ordinal);
    }
}
