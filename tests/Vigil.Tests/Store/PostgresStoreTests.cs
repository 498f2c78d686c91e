using System.Text;
using System.Text.Json;
using Vigil.Testing;
using Vigil.Tests.Cli;
using Vigil.Tests.Doors;

namespace Vigil.Tests.Store;

/// <summary>The store on a real PostgreSQL (started by the test): migrate, the real queue door writing, track reading, and the server stopped mid-run with the spilled row imported after.</summary>
public sealed class PostgresStoreTests : IDisposable
{
    private readonly PrivatePostgres _postgres = new();

    [Fact]
    public void MigrateCreatesTheSchemaOnceTheDoorWritesAndTrackReadsIt()
    {
        var first = VigilProcess.Run(["store", "migrate", "--store", _postgres.Url]);
        var second = VigilProcess.Run(["store", "migrate", "--store", _postgres.Url]);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal($"store {_postgres.Url}: schema version 5", Assert.Single(first.Lines));
        Assert.Equal(first.Lines, second.Lines);

        using var door = new QueueDoor();
        door.WriteOptions($"store={_postgres.Url}\n");
        var message = Encoding.ASCII.GetBytes("From: a@example.org\nSubject: to many nodes\nMessage-ID: <pg1@example.org>\n\nbody\n");
        var (exit, stderr) = door.Run(message, QueueDoor.Envelope("a@example.org", "b@example.net", "c@example.net"));
        Assert.True(exit == 0, stderr);
        Assert.DoesNotContain("vigil: store", stderr, StringComparison.Ordinal);
        Assert.Equal(0, door.Run(Encoding.ASCII.GetBytes(Samples.BannedExe), QueueDoor.Envelope("x@example.com", "B@Example.NET")).ExitCode);

        var track = VigilProcess.Run(["track", "--store", _postgres.Url, "--json", "b@example.net"]);
        var byId = VigilProcess.Run(["track", "--control", door.Control, "pg1@example.org"]);

        Assert.True(track.ExitCode == 0, track.Stderr);
        Assert.Equal(2, track.Lines.Length);
        using (var clean = JsonDocument.Parse(track.Lines[0]))
        {
            Assert.Equal("<pg1@example.org>", clean.RootElement.GetProperty("messageId").GetString());
            Assert.Equal("clean", clean.RootElement.GetProperty("verdict").GetString());
        }

        using (var blocked = JsonDocument.Parse(track.Lines[1]))
        {
            Assert.Equal("policy", blocked.RootElement.GetProperty("verdict").GetString());
            Assert.Contains(blocked.RootElement.GetProperty("attachments").EnumerateArray(), a => a.GetProperty("name").GetString() == "update.exe");
            Assert.True(blocked.RootElement.GetProperty("quarantineId").GetString()!.Length > 0);
        }

        Assert.Equal(2, byId.Lines.Length);
    }

    [Fact]
    public void ADatabaseAtVersion4MigratesTo5AndKeepsItsReleasingRowsWithoutAClaim()
    {
        using (var connection = new Npgsql.NpgsqlConnection(PostgresConnection()))
        {
            connection.Open();
            Vigil.Store.Postgres.PostgresSchema.Migrate(connection, 4);
            using var insert = new Npgsql.NpgsqlCommand("INSERT INTO quarantine (id, node, folder, stored_ms, recipients, verdict, findings, subject, size, state) VALUES ('1700000000.M1P1.old', 'node-a', 'policy', 0, 'b@example.net', 'policy', '', 'old', 1, 'releasing');", connection);
            insert.ExecuteNonQuery();
        }

        var migrate = VigilProcess.Run(["store", "migrate", "--store", _postgres.Url]);

        Assert.True(migrate.ExitCode == 0, migrate.Stderr);
        Assert.Equal($"store {_postgres.Url}: schema version 5", Assert.Single(migrate.Lines));
        using (var connection = new Npgsql.NpgsqlConnection(PostgresConnection()))
        {
            connection.Open();
            using var read = new Npgsql.NpgsqlCommand("SELECT state, claim IS NULL, (SELECT max(version) FROM vigil_schema) FROM quarantine;", connection);
            using var r = read.ExecuteReader();
            Assert.True(r.Read());
            Assert.Equal("releasing", r.GetString(0));
            Assert.True(r.GetBoolean(1));
            Assert.Equal(5, r.GetInt32(2));
        }
    }

    private string PostgresConnection()
    {
        Assert.True(Vigil.Store.Location.StoreLocation.TryParse(_postgres.Url, out var location, out var error), error);
        return location!.PostgresConnection!;
    }

    [Fact]
    public void WithPostgresStoppedTheDoorStillDeliversAndItsRowGoesToTheLog()
    {
        Assert.Equal(0, VigilProcess.Run(["store", "migrate", "--store", _postgres.Url]).ExitCode);
        using var door = new QueueDoor();
        door.WriteOptions($"store={_postgres.Url}\n");
        _postgres.Stop();

        var (exit, stderr) = door.Run(Encoding.ASCII.GetBytes(Samples.Clean), QueueDoor.TypicalEnvelope);

        Assert.True(exit == 0, stderr);
        Assert.True(door.StandInCalled);
        Assert.Contains($"vigil: store: store {_postgres.Url}:", stderr, StringComparison.Ordinal);
        var spilled = Assert.Single(stderr.Split('\n'), l => l.StartsWith(Vigil.Store.Writing.SpillLog.FallbackPrefix, StringComparison.Ordinal));
        Assert.Contains("\"recipient\":\"b@example.net\"", spilled, StringComparison.Ordinal);
        _postgres.Start();

        // The spilled row, imported once the server is back, is there as if written live.
        var spill = Path.Combine(door.Control, "store.spill");
        File.WriteAllText(spill, spilled[Vigil.Store.Writing.SpillLog.FallbackPrefix.Length..] + "\n");
        var import = VigilProcess.Run(["store", "import", "--store", _postgres.Url, "--format", "spill", spill]);
        var track = VigilProcess.Run(["track", "--store", _postgres.Url, "--json", "b@example.net"]);
        Assert.True(import.ExitCode == 0, import.Stderr);
        using var row = JsonDocument.Parse(Assert.Single(track.Lines));
        Assert.Equal("queue", row.RootElement.GetProperty("door").GetString());
        Assert.Equal("clean", row.RootElement.GetProperty("verdict").GetString());
    }

    public void Dispose() => _postgres.Dispose();
}
