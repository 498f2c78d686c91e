using System.Text;
using Vigil.Engine.Gateway;

namespace Vigil.Server.Milter;

/// <summary>
/// Turns the engine's outcome into the answer to end-of-message: for mail to deliver, Vigil's
/// header lines inserted at the top in the engine's order (as the qmail doors put them in front),
/// after deleting the same fields the message already carried (a forged X-Vigil-Status or X-Spam-*
/// from outside must not pass as ours), then accept; quarantined mail held (SMFIR_QUARANTINE,
/// Postfix's hold queue) or, when the MTA does not allow that, discarded (Vigil's quarantine has
/// it); dropped mail discarded; refusals as a reply code: 554 5.7.1 or 451 4.x.x with our words.
/// The door decides nothing: the verdict is the engine's.
/// </summary>
internal static class MilterOutcomeReply
{
    /// <summary>Writes the reply packets; returns the word for the log ("accept", "hold", "discard", "reject", "tempfail").</summary>
    public static string Write(MilterPacketWriter writer, GatewayOutcome outcome, MilterNegotiation negotiation, IReadOnlyDictionary<string, int> headerCounts)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Deliver:
                AddHeaders(writer, outcome.AddedHeaders, negotiation, headerCounts);
                writer.Add(MilterResponse.Accept);
                return "accept";
            case OutcomeKind.Quarantined when negotiation.May(MilterActions.Quarantine):
                writer.AddStrings(MilterResponse.Quarantine, Encoding.ASCII.GetBytes("Vigil: " + outcome.Reason));
                writer.Add(MilterResponse.Accept);
                return "hold";
            case OutcomeKind.Quarantined:
            case OutcomeKind.Dropped:
                writer.Add(MilterResponse.Discard);
                return "discard";
            default:
                var refusal = RefusalText.Of(outcome) ?? RefusalText.OwnTrouble;
                WriteRefusal(writer, refusal);
                return refusal.Permanent ? "reject" : "tempfail";
        }
    }

    /// <summary>A refusal as SMFIR_REPLYCODE: "554 5.7.1 text" or "451 4.x.x text".</summary>
    public static void WriteRefusal(MilterPacketWriter writer, Refusal refusal)
    {
        // Sendmail reads a reply text as a format: a percent sign is never ours to send.
        var text = refusal.Text.Replace("%", "", StringComparison.Ordinal);
        var line = $"{refusal.SmtpCode} {refusal.EnhancedCode} {text}";
        writer.AddStrings(MilterResponse.ReplyCode, Encoding.ASCII.GetBytes(line));
    }

    private static void AddHeaders(MilterPacketWriter writer, byte[] block, MilterNegotiation negotiation, IReadOnlyDictionary<string, int> headerCounts)
    {
        if (block.Length == 0 || !negotiation.May(MilterActions.AddHeaders))
        {
            return;
        }

        var fields = MilterHeaderField.Parse(block);
        if (negotiation.May(MilterActions.ChangeHeaders))
        {
            foreach (var name in fields.Select(f => f.Name).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                // From the last occurrence up: the indexes of those above do not move.
                for (var index = headerCounts.GetValueOrDefault(name); index >= 1; index--)
                {
                    writer.AddStrings(MilterResponse.ChangeHeader, (uint)index, Encoding.ASCII.GetBytes(name), []);
                }
            }
        }

        var leadingSpace = negotiation.Has(MilterProtocolOptions.HeaderLeadingSpace);
        for (var i = 0; i < fields.Count; i++)
        {
            var value = leadingSpace ? [(byte)' ', .. fields[i].Value] : fields[i].Value;
            writer.AddStrings(MilterResponse.InsertHeader, (uint)i, Encoding.ASCII.GetBytes(fields[i].Name), value);
        }
    }
}
