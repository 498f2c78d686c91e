using System.CommandLine;
using System.Globalization;
using Vigil.Store.Model;

namespace Vigil.Commands;

/// <summary>
/// `vigil track ADDRESS|MESSAGE-ID [--json]` (QMVC's qmFind): every message the store has for an
/// address (as sender or recipient) or a Message-ID, oldest first, one line per message and
/// recipient with its last state; `--json` one object per line (time, messageId, sender,
/// recipient, verdict, findings, door, node, quarantineId, then the rest). Exit 0 when found,
/// 1 when nothing is, 2 on usage errors.
/// </summary>
internal static class TrackCommand
{
    public static Command Definition()
    {
        var target = new StoreTarget();
        var query = new Argument<string>("ADDRESS|MESSAGE-ID") { Description = "An address (sender or recipient, any case) or a Message-ID (with or without <>)" };
        var json = new Option<bool>("--json") { Description = "One JSON object per message and recipient" };
        var command = target.AddTo(new Command("track", "Where is the mail for this address or Message-ID? Every message the store has for it, with its last state."));
        command.Add(query);
        command.Add(json);
        command.SetAction(parse => Run(target.Read(parse), parse.GetValue(query)!, parse.GetValue(json)));
        return command;
    }

    private static int Run(StoreTarget target, string query, bool json)
    {
        using var store = target.OpenAny(create: false);
        if (store is null)
        {
            return 1;
        }

        var rows = store.Track(query);
        var output = Console.Out;
        foreach (var row in rows)
        {
            output.Write(json ? RowJson.Write(row) : Line(row));
            output.Write('\n');
        }

        if (rows.Count == 0)
        {
            Console.Error.WriteLine($"vigil: nothing in the store for {query}");
            return 1;
        }

        return 0;
    }

    /// <summary>time verdict outcome sender -> recipient Message-ID [findings] [quarantine id state] door@node.</summary>
    private static string Line(StoreRow r)
    {
        var state = r.QuarantineId is null ? "" : $" quarantine:{r.QuarantineFolder}/{r.QuarantineId} ({r.QuarantineState})";
        var findings = r.Findings.Count == 0 ? "" : " [" + RowText.Findings(r.Findings) + "]";
        var sender = r.Sender is null ? "?" : r.Sender.Length == 0 ? "<>" : r.Sender;
        return Printable($"{r.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)} {r.Verdict} {(r.Outcome.Length == 0 ? "-" : r.Outcome)} {sender} -> {r.Recipient ?? "?"} {r.MessageId ?? "-"}{findings}{state} {r.Door}@{r.Node}");
    }

    /// <summary>A line on a terminal: control characters from the mail become '?', so a subject or id cannot move the cursor.</summary>
    private static string Printable(string text) =>
        string.Create(text.Length, text, (span, t) =>
        {
            for (var i = 0; i < t.Length; i++)
            {
                span[i] = char.IsControl(t[i]) ? '?' : t[i];
            }
        });
}
