using System.Text.Json;
using Vigil.Engine.Scanners.Spamd;

namespace Vigil.Engine.Scanners.Rspamd;

/// <summary>
/// Reads rspamd's /checkv2 JSON: <c>action</c>, <c>score</c>, <c>required_score</c>, the
/// <c>symbols</c> object (names as keys) and <c>messages.smtp_message</c>. A reply without action
/// or score is an error, never a clean result.
/// </summary>
internal static class RspamdReplyParser
{
    private const int MaxSymbols = 1000;

    public static RspamdResult Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return RspamdResult.Error("rspamd's reply is not a JSON object");
            }

            if (root.TryGetProperty("error", out var err))
            {
                return RspamdResult.Error("rspamd answered an error: " + Text(err));
            }

            if (!root.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("score", out var score) || !score.TryGetDouble(out var value))
            {
                return RspamdResult.Error("rspamd's reply has no action or score");
            }

            var required = root.TryGetProperty("required_score", out var r) && r.TryGetDouble(out var req) ? req : double.PositiveInfinity;
            var symbols = new List<string>();
            if (root.TryGetProperty("symbols", out var list) && list.ValueKind == JsonValueKind.Object)
            {
                foreach (var symbol in list.EnumerateObject())
                {
                    if (symbols.Count == MaxSymbols)
                    {
                        break;
                    }

                    symbols.Add(symbol.Name);
                }
            }

            var message = root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Object
                && messages.TryGetProperty("smtp_message", out var smtp) ? Text(smtp) : "";
            var actionName = action.GetString()!;
            // rspamd's required_score is its reject level; "add header" and above already mean spam.
            var isSpam = actionName is "add header" or "rewrite subject" or "quarantine" or "discard" or "reject" || value >= required;
            return new RspamdResult(new SpamScore(value, required, symbols, isSpam), actionName, message);
        }
        catch (JsonException e)
        {
            return RspamdResult.Error("rspamd's reply is not JSON: " + e.Message);
        }
    }

    private static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
}
