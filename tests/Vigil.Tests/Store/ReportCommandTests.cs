using System.Text;
using Vigil.Tests.Cli;
using Vigil.Tests.Doors;
using Vigil.Testing;

namespace Vigil.Tests.Store;

/// <summary>The real doors and `vigil store import` filling the store, then the real `vigil report` writing the site.</summary>
public sealed class ReportCommandTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void WritesAnIndexWithChartsCalendarAndTopListsAndADayPagePerDayWithEverythingEscaped()
    {
        using var door = new QueueDoor();
        var db = Path.Combine(door.Dir, "store.db");
        door.WriteOptions($"store=sqlite:{db}\n");
        var hostile = Samples.BannedExe.Replace("update.exe", "<img src=x onerror=alert(1)>.exe", StringComparison.Ordinal);
        Assert.Equal(0, door.Run(Encoding.ASCII.GetBytes(hostile), QueueDoor.Envelope("x@example.com", "b@example.net")).ExitCode);
        var log = StoreLog.Line(Day1, "virus", "virus:<script>alert(1)</script>", "worm@evil.example", "b@example.net", clientIp: "198.51.100.9")
            + StoreLog.Line(Day1.AddHours(1), "virus", "virus:Win.Test.EICAR_HDB-1", "worm@evil.example", "c@example.net", "eicar.com:68", "198.51.100.9")
            + StoreLog.Line(Day1.AddDays(3), "virus", "virus:Win.Test.EICAR_HDB-1", "worm@evil.example", "b@example.net")
            + StoreLog.Line(Day1.AddDays(3), "clean", "-", "a@example.org", "b@example.net")
            + StoreLog.Line(Day1.AddDays(3), "virus", "virus:Win.Test.EICAR_HDB-1", "worm@evil.example", "<i>r</i>@example.net");
        var file = Path.Combine(door.Dir, "vigil.log");
        File.WriteAllText(file, log);
        Assert.Equal(0, VigilProcess.Run(["store", "import", "--store", "sqlite:" + db, file]).ExitCode);
        var output = Path.Combine(door.Dir, "report");

        var result = VigilProcess.Run(["report", "--store", "sqlite:" + db, "-o", output]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var index = File.ReadAllText(Path.Combine(output, "index.html"));
        Assert.Contains("<svg", index, StringComparison.Ordinal);
        Assert.Contains("href=\"day-2026-11-02.html\"", index, StringComparison.Ordinal);
        Assert.Contains("href=\"day-2026-11-05.html\"", index, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "day-2026-11-02.html")));
        Assert.True(File.Exists(Path.Combine(output, "day-2026-11-05.html")));
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var todayPage = File.ReadAllText(Path.Combine(output, $"day-{today}.html"));
        // The door's own row: the MIME engine already took the angle brackets out of the name.
        Assert.Contains("img src=x onerror=alert(1).exe", todayPage, StringComparison.Ordinal);
        Assert.Contains("&lt;i&gt;r&lt;/i&gt;@example.net", index, StringComparison.Ordinal);
        Assert.Contains("Win.Test.EICAR_HDB-1", index, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", index, StringComparison.Ordinal);
        Assert.Contains("198.51.100.9", index, StringComparison.Ordinal);
        // -o: the originators' local parts are tokens; their domains stay.
        Assert.DoesNotContain("worm@", index, StringComparison.Ordinal);
        Assert.Contains("@evil.example", index, StringComparison.Ordinal);
        Assert.Contains("b@example.net", index, StringComparison.Ordinal);
        foreach (var page in Directory.GetFiles(output, "*.html"))
        {
            var html = File.ReadAllText(page);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<i>", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void MonthlyWritesAPagePerMonthWithinTheRangeGiven()
    {
        using var dir = new Vigil.Testing.TempDir();
        var file = dir.Write("vigil.log",
            StoreLog.Line(Day1, "virus", "virus:Win.Test.EICAR_HDB-1", "w@evil.example", "b@example.net")
            + StoreLog.Line(Day1.AddMonths(1), "clean", "-", "a@example.org", "b@example.net")
            + StoreLog.Line(Day1.AddMonths(2), "clean", "-", "a@example.org", "b@example.net"));
        var store = "sqlite:" + Path.Combine(dir.Path, "store.db");
        Assert.Equal(0, VigilProcess.Run(["store", "import", "--store", store, file]).ExitCode);
        var output = Path.Combine(dir.Path, "out");

        var result = VigilProcess.Run(["report", "--store", store, "--monthly", "-r", "--from", "2026-11-01", "--to", "2026-12-31", output]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(["index.html", "month-2026-11.html", "month-2026-12.html"], Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var november = File.ReadAllText(Path.Combine(output, "month-2026-11.html"));
        Assert.DoesNotContain(">b@example.net<", november, StringComparison.Ordinal); // a token may end in "b"
        Assert.Contains("@example.net", november, StringComparison.Ordinal);
        Assert.Equal(2, VigilProcess.Run(["report", "--store", store, "--from", "2026-13-01", output]).ExitCode);
    }
}
