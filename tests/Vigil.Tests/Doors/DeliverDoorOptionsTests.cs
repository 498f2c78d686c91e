using Vigil.Tests.Cli;
using Vigil.Testing;

namespace Vigil.Tests.Doors;

/// <summary>
/// `vigil deliver` as qmail-local runs it, for QMVC's flags and options: the qmail-local variables
/// reaching a command-API program, `evalheaderaddress`, `-n`, usage errors, and where the log goes.
/// </summary>
public sealed class DeliverDoorOptionsTests
{
    [Fact]
    public void TheCommandApiProgramSeesEveryQmailLocalVariableOfThisDelivery()
    {
        using var door = new QueueDoor();
        var seen = RecordingProgram(door);

        var r = Deliver(door, Samples.Clean, QmailLocal(door, "virt-joe-lists-x-y@example.net", "virt-joe-lists-x-y", "joe-lists-x-y"), "-v", "virt-");

        Assert.True(r.ExitCode == 0, r.Stderr);
        var env = ReadEnvironment(seen);
        Assert.Equal("a@example.org", env["SENDER"]);
        Assert.Equal("joe-lists-x-y@example.net", env["RECIPIENT"]); // the envelope as judged: -v stripped
        Assert.Equal("virt-joe-lists-x-y", env["LOCAL"]); // qmail-local's own, untouched
        Assert.Equal("example.net", env["HOST"]);
        Assert.Equal("joe-lists-x-y", env["EXT"]);
        Assert.Equal("lists-x-y", env["EXT2"]);
        Assert.Equal("x-y", env["EXT3"]);
        Assert.Equal("y", env["EXT4"]);
        Assert.Equal("virt", env["USER"]);
        Assert.Equal(door.Dir, env["HOME"]);
        Assert.Equal("Delivered-To: virt-joe-lists-x-y@example.net", env["DTLINE"]);
        Assert.Equal("Return-Path: <a@example.org>", env["RPLINE"]);
        Assert.StartsWith("From a@example.org ", env["UFLINE"], StringComparison.Ordinal);
    }

    [Fact]
    public void EvalHeaderAddressTakesSenderAndRecipientFromFromAndTo()
    {
        using var door = new QueueDoor();
        door.WriteOptions("evalheaderaddress=y\n");
        var seen = RecordingProgram(door);
        const string Fetched = "From: \"Ann\" <ann@example.com>\nTo: bob@example.com (Bob), carl@example.com\nSubject: hi\n\nfetched\n";

        var r = Deliver(door, Fetched, QmailLocal(door, "fetch@localhost", "fetch"));

        Assert.True(r.ExitCode == 0, r.Stderr);
        var env = ReadEnvironment(seen);
        Assert.Equal("ann@example.com", env["SENDER"]);
        Assert.Equal("bob@example.com", env["RECIPIENT"]);
        Assert.Contains("ann@example.com", r.Stderr, StringComparison.Ordinal); // the log line too
    }

    [Fact]
    public void DashNSkipsTheVirusScannersForTheTypesNoScanTypesLists()
    {
        using var door = new QueueDoor();
        var marker = Path.Combine(door.Dir, "av-called");
        var av = Path.Combine(door.Dir, "av.sh");
        File.WriteAllText(av, $"cat >/dev/null\ntouch '{marker}'\nexit 0\n");
        door.WriteControl("scanners", $"command av /bin/sh {av}\n");
        door.WriteControl("noscantypes", "^text$\n");

        var with = Deliver(door, Samples.Clean, QmailLocal(door, "joe@example.net", "joe"), "-n");
        Assert.True(with.ExitCode == 0, with.Stderr);
        Assert.False(File.Exists(marker));

        var without = Deliver(door, Samples.Clean, QmailLocal(door, "joe@example.net", "joe"));
        Assert.True(without.ExitCode == 0, without.Stderr);
        Assert.True(File.Exists(marker));
    }

    [Theory]
    [InlineData("-x")]
    [InlineData("-c")]
    [InlineData("--contrl")]
    public void AUsageErrorExits111SoQmailRetriesInsteadOfBouncing(string bad)
    {
        using var door = new QueueDoor();

        var r = Deliver(door, Samples.Clean, QmailLocal(door, "joe@example.net", "joe"), bad);

        Assert.Equal(111, r.ExitCode);
        Assert.Contains(bad, r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void WritesTheLogLineForDeliveriesButKeepsItOutOfABounce()
    {
        using var door = new QueueDoor();

        var clean = Deliver(door, Samples.Clean, QmailLocal(door, "joe@example.net", "joe"));
        Assert.Equal(0, clean.ExitCode);
        Assert.Equal("", clean.Stdout);
        Assert.Contains("\tdeliver\tclean\t", clean.Stderr, StringComparison.Ordinal);

        door.WriteOptions("policyaction=reject\n");
        var bounced = Deliver(door, Samples.BannedExe, QmailLocal(door, "joe@example.net", "joe"));
        Assert.Equal(100, bounced.ExitCode);
        Assert.StartsWith("Vigil refused this message (", Assert.Single(bounced.Lines), StringComparison.Ordinal);
        Assert.DoesNotContain("\tdeliver\t", bounced.Stdout + bounced.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A command-API program that writes its environment to a file and passes the message.</summary>
    private static string RecordingProgram(QueueDoor door)
    {
        var seen = Path.Combine(door.Dir, "seen.env");
        var script = Path.Combine(door.Dir, "seen.sh");
        File.WriteAllText(script, $"cat >/dev/null\nenv -0 > '{seen}'\nexit 0\n");
        door.WriteControl("scanners", $"commandapi seen /bin/sh {script}\n");
        return seen;
    }

    private static Dictionary<string, string> ReadEnvironment(string file)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in File.ReadAllText(file).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            env[entry[..eq]] = entry[(eq + 1)..].TrimEnd('\n');
        }

        return env;
    }

    /// <summary>The variables qmail-local sets for a delivery to <paramref name="recipient"/> through user "virt" (EXT2-4 as qmail-local cuts <paramref name="ext"/>).</summary>
    private static Dictionary<string, string> QmailLocal(QueueDoor door, string recipient, string local, string ext = "")
    {
        static string After(string s) => s.IndexOf('-', StringComparison.Ordinal) is var i && i >= 0 ? s[(i + 1)..] : "";
        return new Dictionary<string, string>
        {
            ["SENDER"] = "a@example.org",
            ["RECIPIENT"] = recipient,
            ["LOCAL"] = local,
            ["HOST"] = recipient[(recipient.IndexOf('@', StringComparison.Ordinal) + 1)..],
            ["EXT"] = ext,
            ["EXT2"] = After(ext),
            ["EXT3"] = After(After(ext)),
            ["EXT4"] = After(After(After(ext))),
            ["USER"] = "virt",
            ["HOME"] = door.Dir,
            ["DTLINE"] = $"Delivered-To: {recipient}\n",
            ["RPLINE"] = "Return-Path: <a@example.org>\n",
            ["UFLINE"] = "From a@example.org Thu Nov 21 22:00:00 2026\n",
        };
    }

    private static VigilProcess.Result Deliver(QueueDoor door, string message, Dictionary<string, string> environment, params string[] extra) =>
        VigilProcess.Run(["deliver", "--control", door.Control, .. extra], VigilProcess.Bytes(message), environment);
}
