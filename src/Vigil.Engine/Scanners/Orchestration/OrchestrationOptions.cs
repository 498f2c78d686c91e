using Vigil.Engine.Policy.Control;
using Vigil.Engine.Judging;

namespace Vigil.Engine.Scanners.Orchestration;

/// <summary>
/// The `options` keys that steer the scanners, with QMVC's defaults: each is an opt-in
/// performance setting there ("you can stop scanning ... setting earlyquitonbadmail=y"), so all
/// are off unless the admin says yes. A virus outranks every other finding in the verdict either
/// way; these only save work (and the names the later scanners would have added to the log).
/// </summary>
/// <param name="EarlyQuitOnVirus">Cancel the other scanners at the first virus found (QMVC `earlyquitonvirus`).</param>
/// <param name="EarlyQuitOnBadMail">Run no scanner when the policy already blocked the message (QMVC `earlyquitonbadmail`).</param>
/// <param name="SkipNoScanTypes">Do not send leaves whose detected type `noscantypes` lists to virus scanners (QMVC `skipnoscantypes`).</param>
public sealed record OrchestrationOptions(bool EarlyQuitOnVirus, bool EarlyQuitOnBadMail, bool SkipNoScanTypes)
{
    public const string EarlyQuitOnVirusKey = "earlyquitonvirus";
    public const string EarlyQuitOnBadMailKey = "earlyquitonbadmail";
    public const string SkipNoScanTypesKey = "skipnoscantypes";

    public static OrchestrationOptions Default { get; } = new(false, false, false);

    /// <summary>Ask no virus scanner for this message (`skipviruschecknullsender`); spam scanners still run.</summary>
    public bool SkipVirusScanners { get; init; }

    /// <summary>This message's envelope and door variables, for scanners that run programs per message (<see cref="IEnvelopeAwareScanner"/>).</summary>
    public Envelope Envelope { get; init; } = Envelope.Unknown;

    public static OrchestrationOptions From(PolicyOptions options) => new(
        options.GetBool(EarlyQuitOnVirusKey, Default.EarlyQuitOnVirus),
        options.GetBool(EarlyQuitOnBadMailKey, Default.EarlyQuitOnBadMail),
        options.GetBool(SkipNoScanTypesKey, Default.SkipNoScanTypes));
}
