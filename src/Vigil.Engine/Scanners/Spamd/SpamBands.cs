using Vigil.Engine.Policy;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Scanners.Spamd;

/// <summary>
/// The score levels of a spam scanner line (<c>tag=5 quarantine=10 reject=15</c>). A level left out
/// is never reached, except tag: without it the filter's own threshold tags (spamd's "Spam: True").
/// </summary>
public sealed record SpamBands(double? Tag, double? Quarantine, double? Reject)
{
    public static SpamBands FilterThreshold { get; } = new(null, null, null);

    public SpamBand Classify(SpamScore score)
    {
        if (Reject is { } reject && score.Score >= reject)
        {
            return SpamBand.Reject;
        }

        if (Quarantine is { } quarantine && score.Score >= quarantine)
        {
            return SpamBand.Quarantine;
        }

        var tagged = Tag is { } tag ? score.Score >= tag : score.IsSpam;
        return tagged ? SpamBand.Tag : SpamBand.None;
    }

    /// <summary>
    /// The finding for a band. Tag and None are Monitor findings: they never block, but carry the
    /// score and symbols to the doors for their headers (None as `engine:none`, which gives
    /// SpamAssassin's "X-Spam-Status: No, score=..." on ham, as users' filters expect).
    /// </summary>
    public static Finding FindingFor(string engine, SpamBand band, SpamScore score, string? note = null)
    {
        var action = band switch
        {
            SpamBand.Quarantine => RuleAction.Quarantine,
            SpamBand.Reject => RuleAction.Reject,
            _ => RuleAction.Monitor,
        };
        var detail = note is null ? score.ToDetail() : score.ToDetail() + " " + note;
        return new Finding(FindingCategory.Spam, engine + ":" + band.ToString().ToLowerInvariant(), detail, "", action);
    }

    /// <summary>Levels must rise: tag, then quarantine, then reject.</summary>
    internal bool TryValidate(out string error)
    {
        error = "";
        if (Tag is { } t && Quarantine is { } q && q < t)
        {
            error = "quarantine must not be below tag";
        }
        else if (Quarantine is { } q2 && Reject is { } r && r < q2)
        {
            error = "reject must not be below quarantine";
        }
        else if (Tag is { } t2 && Reject is { } r2 && r2 < t2)
        {
            error = "reject must not be below tag";
        }

        return error.Length == 0;
    }
}
