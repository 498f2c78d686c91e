using Vigil.Store.Model;

namespace Vigil.Store.Import;

/// <summary>
/// Vigil's quarantine.log (<c>time id folder verdict rule sender recipients client-ip subject</c>,
/// tab-separated): a quarantine line gives the message's rows (outcome quarantined) keyed by its
/// quarantine id, so a message the doors already stored is not added again; a "released" line
/// marks the message released.
/// </summary>
public static class QuarantineLogParser
{
    public static ParsedLine Parse(string line, ImportContext context)
    {
        var f = line.Split('\t');
        if (f.Length != 9)
        {
            return ParsedLine.Failed($"expected 9 tab-separated fields, found {f.Length}");
        }

        if (!ImportFields.TryTime(f[0], context, out var time))
        {
            return ParsedLine.Failed($"'{f[0]}' is not a time");
        }

        if (f[1].Length == 0)
        {
            return ParsedLine.Failed("no quarantine id");
        }

        if (f[3] is "released" or "deleted")
        {
            return new ParsedLine([], new QuarantineStateChange(f[1], f[3]), null);
        }

        var template = new StoreRow
        {
            MessageKey = QuarantineKey(f[1]),
            Time = time,
            Door = "quarantine",
            Node = context.Node,
            Verdict = f[3],
            Outcome = "quarantined",
            Findings = f[4].Length == 0 ? [] : [new StoredFinding(f[3], f[4], "")],
            Sender = ImportFields.Sender(f[5]),
            ClientIp = ImportFields.Value(f[7]),
            Subject = ImportFields.Value(f[8]),
            QuarantineId = f[1],
            QuarantineFolder = f[2],
            QuarantineState = "quarantined",
            LogLine = line,
            Source = context.Source,
        };
        return ParsedLine.Of([.. ImportFields.Recipients(f[6]).Select(r => template with { Recipient = r })]);
    }

    /// <summary>The key of a message known only from its quarantine id.</summary>
    public static string QuarantineKey(string id) => StoreRows.KeyOf("quarantine\0" + id);
}
