using Vigil.Engine.Policy.Control;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Dispositions.Actions;

/// <summary>
/// The per-category action keys of the `options` file and their defaults, as Qmail-Scanner ships:
/// <code>
///   virusaction=quarantine    # virus findings
///   policyaction=quarantine   # policy rules (bad names, types, headers, subjects, body texts)
///   formataction=quarantine   # malformed messages (Klez-style format checks)
///   limitsaction=quarantine   # analysis limits hit (depth, parts, sizes)
///   spamaction=deliver        # spam is tagged and delivered
/// </code>
/// Values: quarantine, reject, defer (alias greylist), drop, deliver. An `error` verdict (something
/// could not be checked) always defers: fail closed. Values are checked by <see cref="Validate"/>;
/// `vigil config check` and every door should call it, since the policy loader keeps unknown keys
/// as written. An invalid value falls back to the category's default, never to deliver.
/// </summary>
public static class ActionOptions
{
    public const string VirusKey = "virusaction";
    public const string PolicyKey = "policyaction";
    public const string FormatKey = "formataction";
    public const string LimitsKey = "limitsaction";
    public const string SpamKey = "spamaction";

    /// <summary>Every key this class reads.</summary>
    public static IReadOnlyList<string> Keys { get; } = [VirusKey, PolicyKey, FormatKey, LimitsKey, SpamKey];

    /// <summary>The key that sets the action of <paramref name="category"/>; null for `error`, which is not configurable.</summary>
    public static string? KeyFor(FindingCategory category) => category switch
    {
        FindingCategory.Virus => VirusKey,
        FindingCategory.Policy => PolicyKey,
        FindingCategory.Format => FormatKey,
        FindingCategory.Limits => LimitsKey,
        FindingCategory.Spam => SpamKey,
        _ => null,
    };

    /// <summary>The built-in action of a category when `options` says nothing.</summary>
    public static VerdictAction DefaultFor(FindingCategory category) => category switch
    {
        FindingCategory.Spam => VerdictAction.Deliver,
        FindingCategory.Error => VerdictAction.Defer,
        _ => VerdictAction.Quarantine,
    };

    /// <summary>The action `options` sets for <paramref name="category"/>, or its default when unset or invalid.</summary>
    public static VerdictAction For(FindingCategory category, PolicyOptions options)
    {
        var key = KeyFor(category);
        return key is not null && options.Get(key) is { } text && TryParse(text, out var action)
            ? action
            : DefaultFor(category);
    }

    /// <summary>Parses an action word (case-insensitive); `greylist` is `defer`.</summary>
    public static bool TryParse(string text, out VerdictAction action)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "quarantine":
                action = VerdictAction.Quarantine;
                return true;
            case "reject":
                action = VerdictAction.Reject;
                return true;
            case "defer" or "greylist":
                action = VerdictAction.Defer;
                return true;
            case "drop":
                action = VerdictAction.Drop;
                return true;
            case "deliver":
                action = VerdictAction.Deliver;
                return true;
            default:
                action = VerdictAction.Quarantine;
                return false;
        }
    }

    /// <summary>
    /// One message per invalid action key, e.g. "virusaction: 'bounce' is not quarantine, reject,
    /// defer, drop or deliver"; empty when all are valid.
    /// </summary>
    public static IReadOnlyList<string> Validate(PolicyOptions options)
    {
        List<string>? errors = null;
        foreach (var key in Keys)
        {
            if (options.Get(key) is { } text && !TryParse(text, out _))
            {
                (errors ??= []).Add($"{key}: '{text}' is not quarantine, reject, defer, drop or deliver");
            }
        }

        return errors ?? (IReadOnlyList<string>)[];
    }
}
