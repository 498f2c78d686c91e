using System.Diagnostics;
using Vigil.Testing;

namespace Vigil.Server.Tests.Milter;

/// <summary>
/// Debian's `miltertest` (OpenDKIM's milter test driver, libmilter's own constants and
/// negotiation defaults) scripts whole conversations with the listener: an independent MTA side.
/// </summary>
public class MiltertestScriptTests
{
    [Fact]
    public async Task MiltertestSeesCleanMailAcceptedWithTheStatusHeaderAndAPolicyRefusalAsAReplyCode()
    {
        using var control = new TempDir();
        control.Write("badsubjects", "REJECTME\n");
        control.Write("options", "statusheader=yes\npolicyaction=reject\n");
        await using var vigil = await MilterTestHost.StartAsync(control.Path);
        var script = control.Write("test.lua", $$"""
            function message(conn, subject)
              mt.echo("message " .. subject)
              if mt.mailfrom(conn, "<sender@client.test>") ~= nil then error("mailfrom") end
              if mt.getreply(conn) ~= SMFIR_CONTINUE then error("mailfrom reply") end
              if mt.rcptto(conn, "<alice@example.test>") ~= nil then error("rcptto") end
              if mt.getreply(conn) ~= SMFIR_CONTINUE then error("rcptto reply") end
              if mt.header(conn, "From", " sender@client.test") ~= nil then error("header") end
              if mt.header(conn, "Subject", " " .. subject) ~= nil then error("header") end
              if mt.eoh(conn) ~= nil then error("eoh") end
              if mt.bodystring(conn, "plain body\r\n") ~= nil then error("body") end
              if mt.eom(conn) ~= nil then error("eom") end
              return mt.getreply(conn)
            end

            conn = mt.connect("inet:{{vigil.Port}}@127.0.0.1")
            if conn == nil then error("cannot connect") end
            if mt.negotiate(conn, nil, nil, nil) ~= nil then error("negotiate") end
            if mt.conninfo(conn, "client.test", "127.0.0.1") ~= nil then error("conninfo") end
            if mt.getreply(conn) ~= SMFIR_CONTINUE then error("connect reply") end
            if mt.helo(conn, "client.test") ~= nil then error("helo") end
            if mt.getreply(conn) ~= SMFIR_CONTINUE then error("helo reply") end

            if message(conn, "hello") ~= SMFIR_ACCEPT then error("clean mail not accepted") end
            if not mt.eom_check(conn, MT_HDRINSERT, "X-Vigil-Status") then error("no X-Vigil-Status inserted") end
            mt.echo("clean: accepted with X-Vigil-Status")

            local refused = message(conn, "REJECTME")
            -- this miltertest defines no SMFIR_REPLYCODE: the reply byte is 'y'
            if refused ~= string.byte("y") then error("policy mail not refused with a reply code") end
            -- (this miltertest's MT_SMTPREPLY check does not match a reply-code reply; the text is
            -- checked through Postfix and the protocol tests)
            mt.echo("policy: refused with a reply code")
            mt.disconnect(conn)
            """);
        var psi = new ProcessStartInfo("miltertest") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-s");
        psi.ArgumentList.Add(script);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(limit.Token);
        var output = await stdout + await stderr;
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {output}");
        Assert.Contains("clean: accepted with X-Vigil-Status", output, StringComparison.Ordinal);
        Assert.Contains("policy: refused with a reply code", output, StringComparison.Ordinal);
    }
}
