using Vigil.Store.Model;

namespace Vigil.Store.Import;

/// <summary>
/// `vigil store import`: reads one log file line by line (each line bounded) and adds its rows to
/// the store in one transaction, so a file is either imported whole or not at all. A malformed
/// line is reported as file:line, skipped and counted; the first <see cref="MaxReported"/> are
/// listed. Importing the same file again adds nothing: every row's key comes from its line.
/// </summary>
public static class FileImporter
{
    public const int MaxLineLength = 64 * 1024;

    public const int MaxReported = 100;

    private const int Chunk = 1000;

    /// <param name="progress">Told the bytes read so far, now and then.</param>
    public static ImportResult Import(IMessageStore store, string path, ImportFormat format, string node, Action<long, long>? progress = null)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ImportResult(path, format, 0, 0, 0, [], 0, $"{path}: {e.Message}");
        }

        using (file)
        {
            var context = new ImportContext(path, node, File.GetLastWriteTimeUtc(path));
            var malformed = new List<string>();
            long malformedCount = 0, lines = 0, added = 0, states = 0;
            var pending = new List<StoreRow>(Chunk);
            using var transaction = store.Begin();
            using var reader = new BoundedLineReader(file, MaxLineLength);
            while (reader.ReadLine() is { } read)
            {
                lines++;
                if (lines % 10_000 == 0)
                {
                    progress?.Invoke(file.Position, file.Length);
                }

                var (line, tooLong) = read;
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                if (format == ImportFormat.Auto)
                {
                    format = FormatDetector.Detect(line);
                }

                var parsed = tooLong ? ParsedLine.Failed($"longer than {MaxLineLength} bytes") : Parse(line, format, context);
                if (parsed.Error is { } error)
                {
                    malformedCount++;
                    if (malformed.Count < MaxReported)
                    {
                        malformed.Add($"{path}:{lines}: {error}");
                    }

                    continue;
                }

                foreach (var row in parsed.Rows)
                {
                    // A message the doors stored live is not added again from quarantine.log.
                    if (format == ImportFormat.QuarantineLog && row.QuarantineId is { } id && transaction.HasQuarantineId(id))
                    {
                        continue;
                    }

                    pending.Add(row);
                }

                if (parsed.StateChange is { } change)
                {
                    added += Flush(transaction, pending);
                    states += transaction.SetQuarantineState(change.QuarantineId, change.State);
                }

                if (pending.Count >= Chunk)
                {
                    added += Flush(transaction, pending);
                }
            }

            added += Flush(transaction, pending);
            transaction.Commit();
            progress?.Invoke(file.Length, file.Length);
            return new ImportResult(path, format, lines, added, states, malformed, malformedCount, null);
        }
    }

    public static ParsedLine Parse(string line, ImportFormat format, ImportContext context) => format switch
    {
        ImportFormat.Vigil => VigilLogParser.Parse(line, context),
        ImportFormat.QmailScannerSyslog => QmailScannerParser.ParseSyslog(line, context),
        ImportFormat.Mailstats => QmailScannerParser.ParseMailstats(line, context),
        ImportFormat.QuarantineLog => QuarantineLogParser.Parse(line, context),
        ImportFormat.Spill => RowJson.TryRead(line, out var error) is { } row ? ParsedLine.Of([row]) : ParsedLine.Failed(error!),
        _ => ParsedLine.Failed("not a format vigil store import reads (Vigil's log, its spill file, Qmail-Scanner's syslog lines or mailstats.csv, quarantine.log)"),
    };

    private static int Flush(IStoreTransaction transaction, List<StoreRow> pending)
    {
        var n = pending.Count == 0 ? 0 : transaction.Insert(pending);
        pending.Clear();
        return n;
    }
}
