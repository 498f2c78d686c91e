using System.Text;
using System.Text.Json;
using Vigil.Tests.Cli;
using Vigil.Tests.Doors;
using Vigil.Testing;

namespace Vigil.Tests.Store;

/// <summary>The real doors writing the store, then the real `vigil track`, `vigil store import` and `vigil cleanup` reading it.</summary>
public sealed class TrackCommandTests
{
    [Fact]
    public void TrackFindsWhatTheQueueDoorStoredByAddressAndByMessageIdAsJson()
    {
        using var door = new QueueDoor();
        var db = Path.Combine(door.Dir, "store.db");
        door.WriteOptions($"store=sqlite:{db}\n");
        var clean = Encoding.ASCII.GetBytes("From: a@example.org\nTo: b@example.net\nSubject: first\nMessage-ID: <t1@example.org>\n\nbody\n");
        Assert.Equal(0, door.Run(clean, QueueDoor.Envelope("a@example.org", "b@example.net")).ExitCode);
        Assert.Equal(0, door.Run(Encoding.ASCII.GetBytes(Samples.BannedExe), QueueDoor.Envelope("x@example.com", "b@example.net")).ExitCode);

        var byAddress = VigilProcess.Run(["track", "--store", "sqlite:" + db, "--json", "B@example.net"]);
        var byId = VigilProcess.Run(["track", "--control", door.Control, "t1@example.org"]);
        var none = VigilProcess.Run(["track", "--store", "sqlite:" + db, "nobody@example.net"]);

        Assert.True(byAddress.ExitCode == 0, byAddress.Stderr);
        Assert.Equal(2, byAddress.Lines.Length);
        using (var first = JsonDocument.Parse(byAddress.Lines[0]))
        {
            var o = first.RootElement;
            Assert.Equal("<t1@example.org>", o.GetProperty("messageId").GetString());
            Assert.Equal("a@example.org", o.GetProperty("sender").GetString());
            Assert.Equal("b@example.net", o.GetProperty("recipient").GetString());
            Assert.Equal("clean", o.GetProperty("verdict").GetString());
            Assert.Equal("queue", o.GetProperty("door").GetString());
            Assert.Equal(JsonValueKind.Null, o.GetProperty("quarantineId").ValueKind);
            Assert.Equal(0, o.GetProperty("findings").GetArrayLength());
            Assert.True(o.GetProperty("node").GetString()!.Length > 0);
            Assert.True(DateTimeOffset.TryParse(o.GetProperty("time").GetString(), out _));
        }

        using (var second = JsonDocument.Parse(byAddress.Lines[1]))
        {
            Assert.Equal("policy", second.RootElement.GetProperty("verdict").GetString());
            Assert.True(second.RootElement.GetProperty("quarantineId").GetString()!.Length > 0);
        }

        Assert.True(byId.ExitCode == 0, byId.Stderr);
        var line = Assert.Single(byId.Lines);
        Assert.Contains(" clean deliver a@example.org -> b@example.net <t1@example.org> queue@", line, StringComparison.Ordinal);
        Assert.Equal(1, none.ExitCode);
        Assert.Empty(none.Lines);
    }

    [Fact]
    public void RowsSpilledWhileTheDatabaseCouldNotBeOpenedAreImportedOnceFromTheSpillFile()
    {
        using var door = new QueueDoor();
        var db = Path.Combine(door.Dir, "store.db");
        Directory.CreateDirectory(db); // a directory where the database should be: SQLite cannot open it
        door.WriteOptions($"store=sqlite:{db}\n");

        var (exit, stderr) = door.Run(Encoding.ASCII.GetBytes(Samples.Clean), QueueDoor.Envelope("a@example.org", "b@example.net", "c@example.net"));

        Assert.True(exit == 0, stderr);
        Assert.True(door.StandInCalled);
        Assert.Contains($"row(s) went to {db}.spill", stderr, StringComparison.Ordinal);
        var other = "sqlite:" + Path.Combine(door.Dir, "other.db");
        var import = VigilProcess.Run(["store", "import", "--store", other, db + ".spill"]);
        var again = VigilProcess.Run(["store", "import", "--store", other, db + ".spill"]);
        var track = VigilProcess.Run(["track", "--store", other, "a@example.org"]);

        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.Equal($"{db}.spill: spill, 2 lines, 2 rows added, 0 quarantine states set, 0 malformed lines skipped", Assert.Single(import.Lines));
        Assert.Contains(", 0 rows added,", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, track.Lines.Length);
    }

    [Fact]
    public void ImportReportsAMalformedLineByFileAndLineAndExitsOne()
    {
        using var dir = new Vigil.Testing.TempDir();
        var log = dir.Write("vigil.log", "2026-12-01T10:00:00.000Z\tqueue\tclean\t-\t10\t1\ta@example.org\tb@example.net\t-\t-\t-\t-\nbroken\n");
        var store = "sqlite:" + Path.Combine(dir.Path, "store.db");

        var result = VigilProcess.Run(["store", "import", "--store", store, log]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"vigil: {log}:2: expected 12 tab-separated fields, found 1", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 rows added", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void CleanupPrunesStoreRowsOlderThanStoreDays()
    {
        using var dir = new Vigil.Testing.TempDir();
        var recent = DateTimeOffset.UtcNow.AddDays(-2).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var log = dir.Write("vigil.log",
            "2020-01-01T10:00:00.000Z\tqueue\tclean\t-\t10\t1\told@example.org\tb@example.net\t-\t-\t-\t-\n" +
            $"{recent}\tqueue\tclean\t-\t10\t1\tnew@example.org\tb@example.net\t-\t-\t-\t-\n");
        var db = Path.Combine(dir.Path, "store.db");
        var control = Path.Combine(dir.Path, "control");
        Directory.CreateDirectory(Path.Combine(dir.Path, "quarantine"));
        dir.Write("control/options", $"store=sqlite:{db}\nstore-days=30\nquarantine={Path.Combine(dir.Path, "quarantine")}\n");
        Assert.Equal(0, VigilProcess.Run(["store", "import", "--control", control, log]).ExitCode);

        var cleanup = VigilProcess.Run(["cleanup", "--control", control]);

        Assert.True(cleanup.ExitCode == 0, cleanup.Stderr);
        Assert.Contains($"removed 1 store rows older than 30 days from {db}", cleanup.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, VigilProcess.Run(["track", "--control", control, "old@example.org"]).ExitCode);
        Assert.Equal(0, VigilProcess.Run(["track", "--control", control, "new@example.org"]).ExitCode);
    }

    [Fact]
    public void CleanupOfAnExpiredQuarantineFileSaysDeletedInTheStoreUnlessItWasReleased()
    {
        using var door = new QueueDoor();
        var db = Path.Combine(door.Dir, "store.db");
        door.WriteOptions($"store=sqlite:{db}\nreinject={SwallowingReinject(door)}\n");
        Assert.Equal(0, door.Run(Encoding.ASCII.GetBytes(Samples.BannedExe), QueueDoor.Envelope("a@example.org", "kept@example.net")).ExitCode);
        Assert.Equal(0, door.Run(Encoding.ASCII.GetBytes(Samples.BannedExe), QueueDoor.Envelope("a@example.org", "sent@example.net")).ExitCode);
        var sent = QuarantineId(door, "sent@example.net");
        Assert.Equal(0, VigilProcess.Run(["quarantine", "release", "--control", door.Control, sent]).ExitCode);
        foreach (var file in Directory.EnumerateFiles(door.Quarantine, "*", SearchOption.AllDirectories).Where(f => f.Contains("/new/", StringComparison.Ordinal) || f.Contains("/cur/", StringComparison.Ordinal)))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-20));
        }

        var cleanup = VigilProcess.Run(["cleanup", "--control", door.Control, "--days", "14"]);

        Assert.True(cleanup.ExitCode == 0, cleanup.Stderr);
        Assert.Equal(2, cleanup.Lines.Count(l => l.StartsWith("removed " + door.Quarantine, StringComparison.Ordinal)));
        Assert.Equal("deleted", QuarantineState(door, "kept@example.net"));
        Assert.Equal("released", QuarantineState(door, "sent@example.net"));
    }

    [Fact]
    public void AReleaseFromTheQuarantineIsTheMessagesLastStateInTrack()
    {
        using var door = new QueueDoor();
        var db = Path.Combine(door.Dir, "store.db");
        door.WriteOptions($"store=sqlite:{db}\nreinject={SwallowingReinject(door)}\n");
        Assert.Equal(0, door.Run(Encoding.ASCII.GetBytes(Samples.BannedExe), QueueDoor.TypicalEnvelope).ExitCode);
        string id;
        using (var json = JsonDocument.Parse(Assert.Single(VigilProcess.Run(["track", "--control", door.Control, "--json", "b@example.net"]).Lines)))
        {
            Assert.Equal("quarantined", json.RootElement.GetProperty("quarantineState").GetString());
            id = json.RootElement.GetProperty("quarantineId").GetString()!;
        }

        var release = VigilProcess.Run(["quarantine", "release", "--control", door.Control, id]);

        Assert.True(release.ExitCode == 0, release.Stderr);
        using var after = JsonDocument.Parse(Assert.Single(VigilProcess.Run(["track", "--control", door.Control, "--json", "b@example.net"]).Lines));
        Assert.Equal("released", after.RootElement.GetProperty("quarantineState").GetString());
    }

    /// <summary>A reinject= program that takes the released message and drops it (the release itself is what is tested).</summary>
    private static string SwallowingReinject(QueueDoor door)
    {
        var reinject = Path.Combine(door.Dir, "reinject.sh");
        File.WriteAllText(reinject, "#!/bin/sh\ncat >/dev/null\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(reinject, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return reinject;
    }

    private static string QuarantineId(QueueDoor door, string recipient) => TrackedField(door, recipient, "quarantineId");

    private static string QuarantineState(QueueDoor door, string recipient) => TrackedField(door, recipient, "quarantineState");

    private static string TrackedField(QueueDoor door, string recipient, string field)
    {
        using var json = JsonDocument.Parse(Assert.Single(VigilProcess.Run(["track", "--control", door.Control, "--json", recipient]).Lines));
        return json.RootElement.GetProperty(field).GetString()!;
    }
}
