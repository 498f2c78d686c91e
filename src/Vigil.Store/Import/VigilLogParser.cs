using Vigil.Store.Model;

namespace Vigil.Store.Import;

/// <summary>
/// Vigil's message log line (docs: `log=`): <c>time door verdict findings size elapsed_ms sender
/// recipients subject message_id client_ip attachments</c>, tab-separated, "-" for an empty field;
/// also as syslog keeps it: "Mmm dd hh:mm:ss host vigil[PID]: " before it and tabs as "#011".
/// One row per recipient; the line itself is the key, so the same line imported twice adds nothing.
/// </summary>
public static class VigilLogParser
{
    private const int FieldCount = 12;

    public static ParsedLine Parse(string line, ImportContext context)
    {
        var text = line;
        string? node = null;
        if (SyslogPrefix.TryStrip(line, "vigil", out var host, out var rest))
        {
            text = rest.Replace("#011", "\t", StringComparison.Ordinal);
            node = host;
        }

        var f = text.Split('\t');
        if (f.Length != FieldCount)
        {
            return ParsedLine.Failed($"expected {FieldCount} tab-separated fields, found {f.Length}");
        }

        if (!ImportFields.TryTime(f[0], context, out var time))
        {
            return ParsedLine.Failed($"'{f[0]}' is not a time");
        }

        if (!ImportFields.TryLong(f[4], out var size) || !ImportFields.TryDouble(f[5], out var elapsed))
        {
            return ParsedLine.Failed("size and elapsed_ms must be numbers");
        }

        var findings = new List<StoredFinding>();
        foreach (var entry in f[3].Split("; ", StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry == "-")
            {
                continue;
            }

            var e = entry.EndsWith("(monitor)", StringComparison.Ordinal) ? entry[..^"(monitor)".Length] : entry;
            var colon = e.IndexOf(':');
            findings.Add(colon > 0 ? Finding(e[..colon], e[(colon + 1)..]) : new StoredFinding(f[2], e, ""));
        }

        var template = new StoreRow
        {
            MessageKey = StoreRows.KeyOf(text),
            Time = time,
            Door = f[1],
            Node = node ?? context.Node,
            Verdict = f[2],
            Findings = findings,
            Size = size,
            ElapsedMilliseconds = elapsed,
            Sender = ImportFields.Sender(f[6]),
            Subject = ImportFields.Value(f[8]),
            MessageId = ImportFields.Value(f[9]),
            ClientIp = ImportFields.Value(f[10]),
            Attachments = ImportFields.Attachments(f[11].Split(' ')),
            LogLine = text,
            Source = context.Source,
        };
        return ParsedLine.Of([.. ImportFields.Recipients(f[7]).Select(r => template with { Recipient = r })]);
    }

    /// <summary>
    /// Format and limits rules carry their category ("format:comment-in-header"), which the log
    /// writes once; older lines wrote it twice ("format:format:comment-in-header"). Both give the rule
    /// "format:comment-in-header", as the door's own row has it.
    /// </summary>
    private static StoredFinding Finding(string category, string rest) =>
        category is "format" or "limits" && !rest.StartsWith(category + ":", StringComparison.Ordinal)
            ? new StoredFinding(category, category + ":" + rest, "")
            : new StoredFinding(category, rest, "");
}
