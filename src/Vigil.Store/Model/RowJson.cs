using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigil.Store.Model;

/// <summary>
/// A row as one JSON object (the spill log's lines and `vigil track --json`): time, messageId,
/// sender, recipient, verdict, findings, door, node, quarantineId, then the rest. Written with
/// Utf8JsonWriter and read with JsonDocument: no reflection (Native AOT).
/// </summary>
public static class RowJson
{
    public static string Write(StoreRow r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("time", r.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("messageId", r.MessageId);
            w.WriteString("sender", r.Sender);
            w.WriteString("recipient", r.Recipient);
            w.WriteString("verdict", r.Verdict);
            w.WriteStartArray("findings");
            foreach (var f in r.Findings)
            {
                w.WriteStartObject();
                w.WriteString("category", f.Category);
                w.WriteString("rule", f.Rule);
                w.WriteString("detail", f.Detail);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("door", r.Door);
            w.WriteString("node", r.Node);
            w.WriteString("quarantineId", r.QuarantineId);
            w.WriteString("quarantineFolder", r.QuarantineFolder);
            w.WriteString("quarantineState", r.QuarantineState);
            w.WriteString("outcome", r.Outcome);
            w.WriteNumber("size", r.Size);
            w.WriteNumber("elapsedMs", Math.Round(r.ElapsedMilliseconds, 3));
            w.WriteString("clientIp", r.ClientIp);
            if (r.RelayClient is { } relay)
            {
                w.WriteBoolean("relayClient", relay);
            }
            else
            {
                w.WriteNull("relayClient");
            }

            w.WriteString("helo", r.Helo);
            w.WriteString("subject", r.Subject);
            w.WriteStartArray("attachments");
            foreach (var a in r.Attachments)
            {
                w.WriteStartObject();
                w.WriteString("name", a.Name);
                w.WriteString("declaredType", a.DeclaredType);
                w.WriteString("detectedType", a.DetectedType);
                w.WriteNumber("size", a.Size);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (r.Scanners.Count > 0)
            {
                // Only where the row holds them (a spilled live row): the store's readers do not load them, and
                // an empty list would say no scanner ran.
                w.WriteStartArray("scanners");
                foreach (var s in r.Scanners)
                {
                    w.WriteStartObject();
                    w.WriteString("scanner", s.Scanner);
                    w.WriteString("result", s.Result);
                    w.WriteNumber("elapsedMs", Math.Round(s.ElapsedMilliseconds, 3));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }
            w.WriteString("messageKey", r.MessageKey);
            w.WriteString("source", r.Source);
            w.WriteString("logLine", r.LogLine);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>A row from a line <see cref="Write"/> made; null with <paramref name="error"/> for anything else.</summary>
    public static StoreRow? TryRead(string line, out string? error)
    {
        error = null;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var o = doc.RootElement;
            if (o.ValueKind != JsonValueKind.Object || Text(o, "messageKey") is not { Length: > 0 } key
                || Text(o, "time") is not { } timeText
                || !DateTimeOffset.TryParse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                error = "not a store row (no messageKey or time)";
                return null;
            }

            var findings = new List<StoredFinding>();
            if (o.TryGetProperty("findings", out var fs) && fs.ValueKind == JsonValueKind.Array)
            {
                foreach (var f in fs.EnumerateArray())
                {
                    findings.Add(new StoredFinding(Text(f, "category") ?? "", Text(f, "rule") ?? "", Text(f, "detail") ?? ""));
                }
            }

            var attachments = new List<StoredAttachment>();
            if (o.TryGetProperty("attachments", out var atts) && atts.ValueKind == JsonValueKind.Array)
            {
                foreach (var a in atts.EnumerateArray())
                {
                    attachments.Add(new StoredAttachment(Text(a, "name") ?? "", Text(a, "declaredType"), Text(a, "detectedType"), Number(a, "size")));
                }
            }

            var scanners = new List<StoredScannerRun>();
            if (o.TryGetProperty("scanners", out var ss) && ss.ValueKind == JsonValueKind.Array)
            {
                foreach (var sc in ss.EnumerateArray())
                {
                    scanners.Add(new StoredScannerRun(Text(sc, "scanner") ?? "", Text(sc, "result") ?? "", sc.TryGetProperty("elapsedMs", out var sms) && sms.TryGetDouble(out var sd) ? sd : 0));
                }
            }

            return new StoreRow
            {
                MessageKey = key,
                Time = time,
                MessageId = Text(o, "messageId"),
                Sender = Text(o, "sender"),
                Recipient = Text(o, "recipient"),
                Verdict = Text(o, "verdict") ?? "",
                Findings = findings,
                Door = Text(o, "door") ?? "",
                Node = Text(o, "node") ?? "",
                QuarantineId = Text(o, "quarantineId"),
                QuarantineFolder = Text(o, "quarantineFolder"),
                QuarantineState = Text(o, "quarantineState"),
                Outcome = Text(o, "outcome") ?? "",
                Size = Number(o, "size"),
                ElapsedMilliseconds = o.TryGetProperty("elapsedMs", out var ms) && ms.TryGetDouble(out var d) ? d : 0,
                Scanners = scanners,
                ClientIp = Text(o, "clientIp"),
                RelayClient = o.TryGetProperty("relayClient", out var rc) && rc.ValueKind is JsonValueKind.True or JsonValueKind.False ? rc.GetBoolean() : null,
                Helo = Text(o, "helo"),
                Subject = Text(o, "subject"),
                Attachments = attachments,
                Source = Text(o, "source") ?? "spill",
                LogLine = Text(o, "logLine"),
            };
        }
        catch (JsonException e)
        {
            error = "not JSON: " + e.Message;
            return null;
        }
    }

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long Number(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : 0;
}
