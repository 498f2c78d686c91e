using System.Diagnostics;
using System.Globalization;
using Vigil.Engine.Gateway;
using Vigil.Store.Location;
using Vigil.Store.Model;
using Vigil.Store.Writing;

namespace Vigil.Bench;

/// <summary>
/// `store-write DIR [--rows N] [--store postgres://…]`: rows/s into a new SQLite store in DIR (or,
/// with --store, into that PostgreSQL database), (a) by the store's Insert in
/// the writer's batches of 500 rows, one transaction each, and (b) through the StoreWriter
/// observer end to end (Observe of messages with two recipients, one finding and one attachment,
/// until CompleteAsync has written everything; its queue is made large enough that nothing spills).
/// </summary>
public static class StoreWriteBench
{
    public static async Task<int> RunAsync(string directory, int rows, string? target = null)
    {
        Directory.CreateDirectory(directory);
        var report = new OutcomeReport
        {
            Time = DateTimeOffset.UtcNow,
            Door = "queue",
            Node = "bench",
            Verdict = "virus",
            Outcome = OutcomeKind.Quarantined,
            Findings = [new ReportedFinding("virus", "Win.Test.EICAR_HDB-1", "eicar.com", "2", "")],
            Size = 10_240,
            Elapsed = TimeSpan.FromMilliseconds(4.2),
            Sender = "sender@example.org",
            Recipients = ["one@example.net", "two@example.net"],
            ClientIp = "192.0.2.1",
            Subject = "quarterly figures",
            MessageId = "<bench@example.org>",
            Attachments = [new ReportedAttachment("eicar.com", "application/octet-stream", "text", 68)],
            QuarantineId = "1764583200.4242.bench",
            QuarantineFolder = "viruses",
        };

        StoreLocation? postgres = null;
        if (target is not null && (!StoreLocation.TryParse(target, out postgres, out var bad) || postgres is not { IsPostgres: true }))
        {
            Console.Error.WriteLine($"store-write: --store: {bad ?? target + " is not postgres://…"}");
            return 2;
        }

        var batchPath = Path.Combine(directory, "insert.db");
        Clean(batchPath);
        using (var store = (postgres ?? new StoreLocation(batchPath, true)).Open(TimeSpan.FromSeconds(5), create: true, out var error) ?? throw new InvalidOperationException(error))
        {
            var clock = Stopwatch.StartNew();
            var written = 0;
            while (written < rows)
            {
                var batch = new List<StoreRow>(StoreWriter.BatchSize);
                while (batch.Count < StoreWriter.BatchSize && written + batch.Count < rows)
                {
                    batch.AddRange(StoreRows.From(report));
                }

                written += store.Insert(batch);
            }

            Print("insert", written, clock.Elapsed);
        }

        var writerPath = Path.Combine(directory, "writer.db");
        Clean(writerPath);
        var writer = new StoreWriter(postgres ?? new StoreLocation(writerPath, true), Console.Error, TimeSpan.FromSeconds(5), capacity: rows + 2);
        var observe = Stopwatch.StartNew();
        for (var i = 0; i < rows / 2; i++)
        {
            writer.Observe(report);
        }

        var observed = observe.Elapsed;
        await writer.CompleteAsync(TimeSpan.FromMinutes(10));
        Print("writer", writer.Written, observe.Elapsed);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"observe: {observed.TotalMicroseconds / (rows / 2):0.00} us per message on the mail path (enqueue only), spilled {writer.Spilled}"));
        return 0;
    }

    private static void Print(string what, long rows, TimeSpan elapsed) =>
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {rows} rows in {elapsed.TotalSeconds:0.00} s = {rows / elapsed.TotalSeconds:0} rows/s\nmetric store_{what}_rows_per_s {rows / elapsed.TotalSeconds:0}"));

    private static void Clean(string path)
    {
        foreach (var f in new[] { path, path + "-wal", path + "-shm", path + ".spill" })
        {
            File.Delete(f);
        }
    }
}
