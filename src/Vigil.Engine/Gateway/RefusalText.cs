using System.Globalization;
using Vigil.Engine.Dispositions.Execution;
using Vigil.Engine.Sanitizing;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Gateway;

/// <summary>
/// The words every door uses to refuse a message (notqmail's custom error, the SMTP listener, the
/// milter's reply code): the verdict's category and our rule name (a virus's signature name),
/// reduced to printable ASCII and cut short; nothing the message said reaches the client.
/// </summary>
public static class RefusalText
{
    /// <summary>notqmail reads at most 255 bytes; with a prefix and a (#x.y.z) code the text must fit.</summary>
    public const int MaxTextLength = 200;

    private const int MaxRuleLength = 80;

    /// <summary>What a fault before the dispositions (a bad profile, an unreadable spool, an internal error) is answered with.</summary>
    public static Refusal OwnTrouble { get; } = new(false, "4.3.0", "Vigil: temporary problem checking this message, try again later");

    /// <summary>The refusal for <paramref name="outcome"/>; null when it is no refusal (delivered, quarantined, dropped).</summary>
    public static Refusal? Of(GatewayOutcome outcome) => outcome.Kind switch
    {
        OutcomeKind.Rejected or OutcomeKind.Deferred when outcome.Disposition is { } disposition => Of(disposition),
        OutcomeKind.Rejected => new Refusal(true, "5.7.1", "Vigil: message refused"),
        OutcomeKind.Deferred => OwnTrouble,
        _ => null,
    };

    /// <summary>The refusal for a disposition; null when it is no refusal.</summary>
    public static Refusal? Of(DispositionResult result)
    {
        var decider = result.Plan.Decider;
        return result.Outcome switch
        {
            DispositionOutcome.Reject => new Refusal(true, "5.7.1", Describe("refused", decider)),

            // Our own trouble (a scanner down, the quarantine not writable): the sender retries.
            DispositionOutcome.Defer when result.Detail.Length > 0 || decider is null || decider.Category == FindingCategory.Error => OwnTrouble,

            // A defer or greylist action: the message itself is held off for now.
            DispositionOutcome.Defer => new Refusal(false, "4.7.1", Describe("deferred", decider) + ", try again later"),
            _ => null,
        };
    }

    private static string Describe(string what, Finding? decider)
    {
        if (decider is null)
        {
            return $"Vigil: message {what}";
        }

        var category = decider.Category.Word();
        var rule = PrintableAscii.Of(decider.Rule, MaxRuleLength);
        var text = decider.Category == FindingCategory.Virus
            ? string.Create(CultureInfo.InvariantCulture, $"Vigil: message {what}, virus found ({rule})")
            : string.Create(CultureInfo.InvariantCulture, $"Vigil: message {what} by {category} rule {rule}");
        return text.Length <= MaxTextLength ? text : text[..MaxTextLength];
    }
}
