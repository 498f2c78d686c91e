using System.Text.Json;
using Vigil.Testing;
using Vigil.Tests.Cli;

namespace Vigil.Tests.Store;

/// <summary>
/// Reports, hit lists, imports and track on a real PostgreSQL that two nodes wrote: what a
/// dashboard or report of any node reads, and the same answers as from SQLite for the same rows.
/// </summary>
public sealed class PostgresReadTests : IDisposable
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly PrivatePostgres _postgres = new();
    private readonly TempDir _dir = new();

    [Fact]
    public void TwoNodesImportedIntoOneDatabaseGiveTheSameReportAsSqliteAndBothNodesAreTracked()
    {
        var now = DateTimeOffset.UtcNow.AddHours(-1);
        var nodeA = Write("a.log",
            StoreLog.Line(Day1, "virus", "virus:Win.Test.EICAR_HDB-1", "Worm@Evil.example", "b@example.net", "eicar.com:68", "198.51.100.9")
            + StoreLog.Line(Day1.AddHours(2), "clean", "-", "a@example.org", "b@example.net", subject: "<script>alert(1)</script>")
            + StoreLog.Line(now, "virus", "virus:Win.Test.EICAR_HDB-1", "worm@evil.example", "c@example.net"));
        var nodeB = Write("b.log",
            StoreLog.Line(Day1.AddDays(1), "policy", "policy:banned-name", "x@example.com", "c@example.net", "update.exe:1000", "203.0.113.7")
            + StoreLog.Line(now.AddMinutes(-1), "virus", "virus:Win.Test.EICAR_HDB-1", "worm@evil.example", "d@example.net")
            + StoreLog.Line(now.AddMinutes(-2), "virus", "virus:Win.Test.EICAR_HDB-1", "worm@evil.example", "e@example.net"));
        var sqlite = "sqlite:" + Path.Combine(_dir.Path, "store.db");

        foreach (var store in new[] { _postgres.Url, sqlite })
        {
            var a = VigilProcess.Run(["store", "import", "--store", store, "--node", "mx1", nodeA]);
            var b = VigilProcess.Run(["store", "import", "--store", store, "--node", "mx2", nodeB]);
            Assert.True(a.ExitCode == 0, a.Stderr);
            Assert.True(b.ExitCode == 0, b.Stderr);
        }

        var fromPostgres = Report(_postgres.Url, "pg");
        var fromSqlite = Report(sqlite, "lite");

        Assert.Contains("Win.Test.EICAR_HDB-1", fromPostgres["index.html"], StringComparison.Ordinal);
        Assert.Contains("update.exe", fromPostgres["index.html"], StringComparison.Ordinal);
        Assert.Contains("day-2026-11-03.html", fromPostgres.Keys);
        Assert.Equal(fromSqlite.Keys.Order(), fromPostgres.Keys.Order());
        foreach (var (page, html) in fromSqlite)
        {
            Assert.Equal(html, fromPostgres[page]);
        }

        var track = VigilProcess.Run(["track", "--store", _postgres.Url, "--json", "c@example.net"]);
        Assert.True(track.ExitCode == 0, track.Stderr);
        var nodes = track.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("node").GetString()).ToHashSet();
        Assert.Equal(["mx1", "mx2"], nodes.Order());
    }

    [Fact]
    public void BlocklistFromPostgresCountsTheVirusSenderOfEveryNodeWhateverTheCase()
    {
        var now = DateTimeOffset.UtcNow.AddHours(-1);
        var one = Write("one.log", StoreLog.Line(now, "virus", "virus:Win.Test.EICAR_HDB-1", "Bad@Evil.example", "u@local.example"));
        var two = Write("two.log",
            StoreLog.Line(now.AddMinutes(-1), "virus", "virus:Win.Test.EICAR_HDB-1", "bad@evil.example", "v@local.example")
            + StoreLog.Line(now.AddMinutes(-2), "virus", "virus:Win.Test.EICAR_HDB-1", "BAD@EVIL.EXAMPLE", "w@local.example"));
        Assert.Equal(0, VigilProcess.Run(["store", "import", "--store", _postgres.Url, "--node", "mx1", one]).ExitCode);
        Assert.Equal(0, VigilProcess.Run(["store", "import", "--store", _postgres.Url, "--node", "mx2", two]).ExitCode);

        var twoHits = VigilProcess.Run(["blocklist", "--store", _postgres.Url, "--min-hits", "2"]);

        Assert.True(twoHits.ExitCode == 0, twoHits.Stderr);
        Assert.Equal("bad@evil.example", Assert.Single(twoHits.Lines));
        var track = VigilProcess.Run(["track", "--store", _postgres.Url, "BAD@evil.EXAMPLE"]);
        Assert.Equal(3, track.Lines.Length);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    private Dictionary<string, string> Report(string store, string name)
    {
        var output = Path.Combine(_dir.Path, name);
        var result = VigilProcess.Run(["report", "--store", store, output]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return Directory.GetFiles(output, "*.html").ToDictionary(p => Path.GetFileName(p), File.ReadAllText);
    }

    public void Dispose()
    {
        _postgres.Dispose();
        _dir.Dispose();
    }
}
