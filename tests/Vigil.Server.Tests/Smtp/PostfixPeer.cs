using System.Text.RegularExpressions;
using Vigil.Testing;

namespace Vigil.Server.Tests.Smtp;

/// <summary>
/// A real Postfix of a test's own (scripts/postfix.sh: private config and queue, loopback, mail for
/// example.test into Maildirs under the run dir) without a milter: the next hop Vigil relays to,
/// or with <c>contentFilter</c> the MTA that hands its mail to Vigil and takes it back.
/// </summary>
public sealed partial class PostfixPeer : IDisposable
{
    private readonly PeerScript _script;

    public PostfixPeer(IReadOnlyDictionary<string, string>? extra = null)
    {
        RunDir = Path.Combine(Path.GetTempPath(), "vigil-postfix-smtp-" + Guid.NewGuid().ToString("N")[..12]);
        Port = PeerScript.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["VIGIL_POSTFIX_DIR"] = RunDir,
            ["VIGIL_POSTFIX_PORT"] = PeerScript.Text(Port),
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            environment[k] = v;
        }

        _script = new PeerScript("postfix.sh", environment);
        _script.InstallAndStart("postfix");
    }

    public string RunDir { get; }

    /// <summary>Postfix's smtpd on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>
    /// The messages delivered for <paramref name="user"/>@example.test: its own Maildir (alice) or the
    /// catch-all one, where virtual(8)'s Delivered-To line tells whose each is.
    /// </summary>
    public string[] Delivered(string user)
    {
        var own = Path.Combine(RunDir, "mail", "example.test", user, "new");
        if (Directory.Exists(own))
        {
            return Directory.GetFiles(own);
        }

        var catchAll = Path.Combine(RunDir, "mail", "example.test", "catchall", "new");
        var deliveredTo = $"Delivered-To: {user}@example.test\n";
        return Directory.Exists(catchAll)
            ? [.. Directory.GetFiles(catchAll).Where(f => File.ReadAllText(f).Contains(deliveredTo, StringComparison.OrdinalIgnoreCase))]
            : [];
    }

    public string MailLog => File.Exists(Path.Combine(RunDir, "log", "maillog")) ? File.ReadAllText(Path.Combine(RunDir, "log", "maillog")) : "";

    /// <summary>Postfix's log once it holds <paramref name="text"/>; fails the test after <paramref name="seconds"/>.</summary>
    public string WaitForLog(string text, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!MailLog.Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < until)
        {
            Thread.Sleep(100);
        }

        Assert.True(MailLog.Contains(text, StringComparison.Ordinal), $"no '{text}' in Postfix's log:\n{MailLog}");
        return MailLog;
    }

    /// <summary>The line Postfix's smtpd logs at the end of a session that said EHLO, with its command counts.</summary>
    [GeneratedRegex(@"postfix/smtpd\[\d+\]: disconnect from [^\n]* ehlo=[^\n]*")]
    public static partial Regex SessionEnd();

    /// <summary>Waits until <paramref name="user"/> has at least <paramref name="count"/> messages (Postfix delivers after it said 250).</summary>
    public string[] WaitForDelivered(string user, int count, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (Delivered(user).Length < count && DateTime.UtcNow < until)
        {
            Thread.Sleep(100);
        }

        return Delivered(user);
    }

    public void Dispose()
    {
        _script.Run("stop");
        if (Environment.GetEnvironmentVariable("VIGIL_KEEP_POSTFIX") is null) PeerScript.DeleteQuietly(RunDir);
    }
}
