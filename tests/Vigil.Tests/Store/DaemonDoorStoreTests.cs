using System.Text;
using Vigil.Store.Location;
using Vigil.Store.Model;
using Vigil.Store.Writing;
using Vigil.Tests.Cli;
using Vigil.Tests.Doors;
using Vigil.Testing;

namespace Vigil.Tests.Store;

/// <summary>
/// The qmail doors asking the real `vigil serve --socket` have their rows written by the daemon's
/// resident writer, into SQLite and into a real PostgreSQL: exactly one row per recipient (the
/// daemon says it stored them, and the door, which then opens no store, adds none), with the door
/// label and the door's node. A door under another node name writes its own rows; the daemon's
/// database down, the mail still goes through and the row spills.
/// </summary>
public sealed class DaemonDoorStoreTests
{
    [Fact]
    public void SqliteGetsOneRowPerRecipientFromTheDaemonForQueueAndDeliver()
    {
        using var door = new QueueDoor();
        var db = Path.Combine(door.Dir, "store.db");
        WritesOneRowPerRecipient(door, $"sqlite:{db}");
    }

    [Fact]
    public void PostgresGetsOneRowPerRecipientFromTheDaemonForQueueAndDeliver()
    {
        using var postgres = new PrivatePostgres();
        using var door = new QueueDoor();
        WritesOneRowPerRecipient(door, postgres.Url);
    }

    [Fact]
    public void ADoorUnderAnotherNodeNameWritesItsOwnRowsUnderItsName()
    {
        using var door = new QueueDoor();
        var store = $"sqlite:{Path.Combine(door.Dir, "store.db")}";
        door.WriteOptions($"store={store}\n");
        var mid = "<other-node@example.org>";
        using (var daemon = StartDaemon(door))
        {
            var (exit, stderr) = door.Run(Message(mid), QueueDoor.Envelope("a@example.org", "b@example.net", "c@example.net"), environment: Socket(daemon, ("VIGIL_NODE", "door-node")));
            Assert.True(exit == 0, stderr);
            daemon.WaitForOutput("rows left to the door");
            Assert.Contains("such doors write their own rows", daemon.Output, StringComparison.Ordinal);
            Assert.Equal(0, daemon.Stop());
        }

        var rows = Rows(store, mid);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("door-node", r.Node));
    }

    [Fact]
    public void WithTheDaemonsPostgresDownTheMailGoesThroughAndTheRowSpills()
    {
        using var postgres = new PrivatePostgres();
        using var door = new QueueDoor();
        Assert.Equal(0, VigilProcess.Run(["store", "migrate", "--store", postgres.Url]).ExitCode);
        door.WriteOptions($"store={postgres.Url}\n");
        var mid = "<while-down@example.org>";
        using var daemon = StartDaemon(door);
        postgres.Stop();

        var (exit, stderr) = door.Run(Message(mid), QueueDoor.TypicalEnvelope, environment: Socket(daemon));

        Assert.True(exit == 0, stderr);
        Assert.True(door.StandInCalled);
        Assert.DoesNotContain("judging the message in this process", stderr, StringComparison.Ordinal);
        daemon.WaitForOutput("rows stored here");
        // The daemon's writer finds the server gone, spills the row and goes on; its stop waits for it.
        Assert.Equal(0, daemon.Stop());
        var row = Assert.Single(SpilledRows(daemon, mid));
        Assert.Equal("queue", row.Door);
        Assert.Equal("b@example.net", row.Recipient);
    }

    private static void WritesOneRowPerRecipient(QueueDoor door, string store)
    {
        door.WriteOptions($"store={store}\n");
        Assert.Equal(0, VigilProcess.Run(["store", "migrate", "--store", store]).ExitCode);
        var queued = "<through-daemon-queue@example.org>";
        var delivered = "<through-daemon-deliver@example.org>";
        using (var daemon = StartDaemon(door))
        {
            var (exit, stderr) = door.Run(Message(queued), QueueDoor.Envelope("a@example.org", "b@example.net", "c@example.net"), environment: Socket(daemon));
            Assert.True(exit == 0, stderr);
            Assert.True(door.StandInCalled);
            daemon.WaitForOutput("rows stored here");

            var deliver = VigilProcess.Run(["deliver", "--control", door.Control], Message(delivered), new Dictionary<string, string>
            {
                ["SENDER"] = "a@example.org", ["RECIPIENT"] = "joe@example.net", ["LOCAL"] = "joe", ["HOST"] = "example.net", ["VIGIL_SOCKET"] = daemon.Socket,
            });
            Assert.True(deliver.ExitCode == 0, deliver.Stderr);
            daemon.WaitForOutput("rows stored here", 2);
            Assert.DoesNotContain("judging the message in this process", stderr + deliver.Stderr, StringComparison.Ordinal);
            // The rows are written in the daemon's background; its stop waits for them.
            Assert.Equal(0, daemon.Stop());
        }

        var rows = Rows(store, queued);
        Assert.Equal(["b@example.net", "c@example.net"], rows.Select(r => r.Recipient).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal("queue", r.Door));
        Assert.All(rows, r => Assert.Equal(NodeName.Current, r.Node));
        Assert.Single(rows.Select(r => r.MessageKey).Distinct());
        var row = Assert.Single(Rows(store, delivered));
        Assert.Equal("deliver", row.Door);
        Assert.Equal("joe@example.net", row.Recipient);
        Assert.Equal("clean", row.Verdict);
    }

    /// <summary>The daemon on the door's control directory and a socket of its own, once it listens.</summary>
    private static Daemon StartDaemon(QueueDoor door)
    {
        var socket = Path.Combine(door.Dir, "vigil.sock");
        var process = new ServeProcess(["--control", door.Control, "--socket", socket, "--hostname", "gw.doorstore.test"]);
        process.WaitForOutput("socket listening on");
        return new Daemon(process, socket);
    }

    private static Dictionary<string, string> Socket(Daemon daemon, params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string> { ["VIGIL_SOCKET"] = daemon.Socket };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        return environment;
    }

    private static byte[] Message(string messageId) =>
        Encoding.ASCII.GetBytes($"From: a@example.org\nTo: b@example.net\nSubject: through the daemon\nMessage-ID: {messageId}\n\nbody\n");

    private static List<StoreRow> Rows(string store, string messageId)
    {
        Assert.True(StoreLocation.TryParse(store, out var location, out var error), error);
        using var opened = location!.Open(TimeSpan.FromSeconds(10), create: false, out error);
        Assert.True(opened is not null, error);
        return [.. opened.Track(messageId)];
    }

    /// <summary>The rows of <paramref name="messageId"/> the daemon spilled: to its stderr (no /var/lib/vigil here) or to the spill file there.</summary>
    private static List<StoreRow> SpilledRows(Daemon daemon, string messageId)
    {
        var lines = daemon.Output.Split('\n')
            .Where(l => l.StartsWith(SpillLog.FallbackPrefix, StringComparison.Ordinal))
            .Select(l => l[SpillLog.FallbackPrefix.Length..]);
        var file = Path.Combine(StoreLocation.DefaultDirectory, "store.spill");
        if (File.Exists(file))
        {
            lines = lines.Concat(File.ReadAllLines(file));
        }

        return [.. lines.Select(l => RowJson.TryRead(l.Trim(), out _)).OfType<StoreRow>().Where(r => r.MessageId == messageId)];
    }

    private sealed class Daemon(ServeProcess process, string socket) : IDisposable
    {
        public string Socket { get; } = socket;

        public string Output => process.Output;

        public void WaitForOutput(string text, int times = 1) => process.WaitForOutput(text, times);

        public int Stop() => process.Stop();

        public void Dispose() => process.Dispose();
    }
}
