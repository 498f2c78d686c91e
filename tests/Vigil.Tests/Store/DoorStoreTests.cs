using System.Text;
using Vigil.Store.Sqlite;
using Vigil.Tests.Cli;
using Vigil.Tests.Doors;

namespace Vigil.Tests.Store;

/// <summary>The real `vigil queue` writing the store (SQLite) as qmail runs it, and going on when it cannot.</summary>
public sealed class DoorStoreTests
{
    [Fact]
    public void TheQueueDoorWritesOneRowPerRecipientWithTheEnvelopeAndTheVerdict()
    {
        using var door = new QueueDoor();
        var db = Path.Combine(door.Dir, "store.db");
        door.WriteOptions($"store=sqlite:{db}\n");
        var message = Encoding.ASCII.GetBytes("From: a@example.org\nTo: b@example.net\nSubject: quarterly figures\nMessage-ID: <q1@example.org>\n\nbody\n");

        var (exit, stderr) = door.Run(message, QueueDoor.Envelope("a@example.org", "b@example.net", "c@example.net"),
            environment: new Dictionary<string, string> { ["TCPREMOTEIP"] = "192.0.2.7", ["RELAYCLIENT"] = "" });

        Assert.True(exit == 0, stderr);
        Assert.True(door.StandInCalled);
        using var store = SqliteStore.Open(db, TimeSpan.FromSeconds(5), create: false, out var error);
        Assert.True(store is not null, error);
        var rows = store.Reader().Track("q1@example.org");
        Assert.Equal(["b@example.net", "c@example.net"], rows.Select(r => r.Recipient).Order(StringComparer.Ordinal));
        var row = rows[0];
        Assert.Equal("queue", row.Door);
        Assert.Equal("clean", row.Verdict);
        Assert.Equal("deliver", row.Outcome);
        Assert.Equal("a@example.org", row.Sender);
        Assert.Equal("192.0.2.7", row.ClientIp);
        Assert.True(row.RelayClient);
        Assert.Equal("quarterly figures", row.Subject);
        Assert.Equal(message.Length, row.Size);
        Assert.Single(rows.Select(r => r.MessageKey).Distinct());
        Assert.Equal(rows, store.Reader().Track("A@Example.ORG"), RowKeyAndRecipient.Instance);
    }

    [Fact]
    public void AQuarantinedMessageIsStoredWithItsFindingsAttachmentAndQuarantineId()
    {
        using var door = new QueueDoor();
        var db = Path.Combine(door.Dir, "store.db");
        door.WriteOptions($"store={db}\n");

        var (exit, stderr) = door.Run(Encoding.ASCII.GetBytes(Samples.BannedExe), QueueDoor.TypicalEnvelope);

        Assert.True(exit == 0, stderr);
        using var store = SqliteStore.Open(db, TimeSpan.FromSeconds(5), create: false, out var error);
        Assert.True(store is not null, error);
        var row = Assert.Single(store.Reader().Track("b@example.net"));
        Assert.Equal("policy", row.Verdict);
        Assert.Equal("quarantined", row.Outcome);
        Assert.Equal("quarantined", row.QuarantineState);
        Assert.Equal("policy", row.QuarantineFolder);
        var file = Assert.Single(door.QuarantinedFiles("policy"));
        Assert.Contains(row.QuarantineId!, Path.GetFileName(file), StringComparison.Ordinal);
        Assert.Contains(row.Findings, f => f.Category == "policy");
        Assert.Contains(row.Attachments, a => a.Name == "update.exe");
    }

    [Fact]
    public void AStoreThatCannotBeWrittenIsSaidOnStderrAndTheMailStillGoesThroughWithItsRowInTheLog()
    {
        using var door = new QueueDoor();
        door.WriteOptions("store=sqlite:/nonexistent-vigil-dir/store.db\n");

        var (exit, stderr) = door.Run(Encoding.ASCII.GetBytes(Samples.Clean), QueueDoor.TypicalEnvelope);

        Assert.True(exit == 0, stderr);
        Assert.True(door.StandInCalled);
        Assert.Contains("vigil: store: store /nonexistent-vigil-dir/store.db", stderr, StringComparison.Ordinal);
        var spilled = Assert.Single(stderr.Split('\n'), l => l.StartsWith(Vigil.Store.Writing.SpillLog.FallbackPrefix, StringComparison.Ordinal));
        var row = Vigil.Store.Model.RowJson.TryRead(spilled[Vigil.Store.Writing.SpillLog.FallbackPrefix.Length..], out var problem);
        Assert.True(row is not null, problem);
        Assert.Equal("b@example.net", row.Recipient);
    }

    [Fact]
    public void AMisnamedStoreIsSaidAndTheMailStillGoesThrough()
    {
        using var door = new QueueDoor();
        door.WriteOptions("store=relative/store.db\n");

        var (exit, stderr) = door.Run(Encoding.ASCII.GetBytes(Samples.Clean), QueueDoor.TypicalEnvelope);

        Assert.True(exit == 0, stderr);
        Assert.True(door.StandInCalled);
        Assert.Contains("vigil: store: 'relative/store.db' is not sqlite:/absolute/path or off; nothing is stored", stderr, StringComparison.Ordinal);
    }

    private sealed class RowKeyAndRecipient : IEqualityComparer<Vigil.Store.Model.StoreRow>
    {
        public static readonly RowKeyAndRecipient Instance = new();

        public bool Equals(Vigil.Store.Model.StoreRow? x, Vigil.Store.Model.StoreRow? y) =>
            x?.MessageKey == y?.MessageKey && x?.Recipient == y?.Recipient;

        public int GetHashCode(Vigil.Store.Model.StoreRow obj) => HashCode.Combine(obj.MessageKey, obj.Recipient);
    }
}
