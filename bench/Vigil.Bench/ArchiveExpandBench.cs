using System.Diagnostics;
using System.Globalization;
using SharpCompress.Archives.Zip;
using SharpCompress.Readers;
using Vigil.Engine.Analysis.Archives;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;

namespace Vigil.Bench;

/// <summary>
/// `archive-expand FILE... [--warmup N] [--iterations N]`: MB/s of Vigil's archive expansion
/// (the ArchiveExpander and every nested archive, as the analysis loop runs it, members spooled
/// as in a real scan), per file: expanded megabytes per second and archive megabytes per second.
/// Limits are raised so a 50 MB archive is expanded whole. For a zip the same members are also
/// read through SharpCompress's ZipArchive alone (`zip-library`), the figure that decides whether
/// zip keeps its native reader.
/// </summary>
public static class ArchiveExpandBench
{
    private static readonly AnalysisLimits Limits = AnalysisLimits.Default with
    {
        MaxArchiveExpandedBytes = 4L * 1024 * 1024 * 1024,
        MaxAnalysisTime = TimeSpan.FromMinutes(10),
        MaxExpansionRatio = 100_000,
    };

    public static int Run(string[] args, int warmup, int iterations)
    {
        var files = args.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        Console.Out.WriteLine($"{"file",-28} {"archive MB",11} {"expanded MB",12} {"median s",9} {"expanded MB/s",14} {"archive MB/s",13}");
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            var name = Path.GetFileName(file);
            Measure(name, bytes, warmup, iterations, Expand);
            if (ArchiveSniffer.Detect(bytes) == ArchiveFormat.Zip)
            {
                Measure(name + " (zip-library)", bytes, warmup, iterations, ZipThroughLibrary);
            }
        }

        return 0;
    }

    private static void Measure(string name, byte[] bytes, int warmup, int iterations, Func<byte[], long> run)
    {
        long expanded = 0;
        for (var i = 0; i < warmup; i++)
        {
            expanded = run(bytes);
        }

        var times = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            expanded = run(bytes);
            times.Add(clock.Elapsed.TotalSeconds);
        }

        times.Sort();
        var median = times[times.Count / 2];
        var archiveMb = bytes.Length / 1048576.0;
        var expandedMb = expanded / 1048576.0;
        Console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name,-28} {archiveMb,11:F1} {expandedMb,12:F1} {median,9:F3} {expandedMb / median,14:F1} {archiveMb / median,13:F1}"));
        var key = name.Replace(' ', '_');
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"metric archive_expand_mbps[{key}] {expandedMb / median:F1}"));
    }

    /// <summary>Expands the archive and every archive found inside it; returns the bytes of the innermost leaves.</summary>
    private static long Expand(byte[] bytes)
    {
        using var context = new AnalysisContext(Limits);
        var root = new Entity("1", EntitySource.MimePart) { Content = context.NewSpool() };
        root.Content.Write(bytes);
        var expander = new ArchiveExpander();
        var queue = new Queue<Entity>([root]);
        long leaves = 0;
        while (queue.TryDequeue(out var next))
        {
            if (!expander.CanExpand(next))
            {
                leaves += next.Size;
                continue;
            }

            expander.Expand(next, context);
            foreach (var child in next.Children)
            {
                queue.Enqueue(child);
            }
        }

        if (context.Budget.Hits.Count > 0 || context.Anomalies.Count > 0)
        {
            throw new InvalidOperationException("not expanded whole: " + string.Join("; ", context.Anomalies.Select(a => a.Code + " " + a.Detail).Concat(context.Budget.Hits.Select(h => h.Limit))));
        }

        return leaves;
    }

    /// <summary>Every member of a zip read through SharpCompress into nothing (no spool, no budget): the library's best case.</summary>
    private static long ZipThroughLibrary(byte[] bytes)
    {
        using var input = new MemoryStream(bytes, writable: false);
        using var zip = ZipArchive.OpenArchive(input, new ReaderOptions { LeaveStreamOpen = true });
        var buffer = new byte[64 * 1024];
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            if (entry.IsDirectory)
            {
                continue;
            }

            using var content = entry.OpenEntryStream();
            int n;
            while ((n = content.Read(buffer)) > 0)
            {
                total += n;
            }
        }

        return total;
    }
}
