using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Sanitizing;
using Vigil.Engine.Scanners.Spamd;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Spooling;

using Vigil.Engine.Scanners.Orchestration;

namespace Vigil.Engine.Scanners.Rspamd;

/// <summary>
/// Asks rspamd (/checkv2) about the raw message. With score levels configured they decide, as for
/// spamd; without, rspamd's own action does: "reject" rejects, "add header"/"rewrite subject" tag
/// (a Monitor finding: delivered, headers from its <see cref="SpamScore"/>), "greylist" and "soft
/// reject" defer, "quarantine" and "discard" (newer rspamds) quarantine and drop. Over maxsize the
/// message is not sent; an outage is an error finding (Monitor when optional), never clean.
/// </summary>
public sealed class RspamdScanner : IContentScanner, IScannerHealthCheck, IDisposable
{
    public const string Engine = "rspamd";

    private readonly RspamdClient _client;
    private readonly SpamScannerSettings _settings;
    private readonly bool _ownAction;

    public RspamdScanner(RspamdScannerOptions options)
        : this(new RspamdClient(options.Address, options.Settings.Timeout), options.Settings)
    {
    }

    public RspamdScanner(RspamdClient client, SpamScannerSettings? settings = null)
    {
        _client = client;
        _settings = settings ?? SpamScannerSettings.Default;
        _ownAction = _settings.Bands == SpamBands.FilterThreshold;
    }

    public string Name => "rspamd " + _client.BaseAddress;

    public RspamdClient Client => _client;

    public async Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, CancellationToken cancellation)
    {
        if (_settings.SizeSkip(Engine, raw.Length) is { } skipped)
        {
            return [skipped];
        }

        RspamdResult result;
        using (var content = raw.OpenRead())
        {
            result = await _client.CheckAsync(content, raw.Length, cancellation).ConfigureAwait(false);
        }

        if (result.Score is not { } score)
        {
            var rule = result.Unreachable ? Engine + ":unreachable" : Engine + ":error";
            return [_settings.Failure(rule, "rspamd " + result.Detail) with { TimedOut = result.TimedOut }];
        }

        return [_ownAction ? ByAction(result.Action, score) : SpamBands.FindingFor(Engine, _settings.Bands.Classify(score), score, Note(result.Action))];
    }

    /// <summary>`vigil scanners`: GET /ping must answer "pong".</summary>
    public async Task<IReadOnlyList<ScannerHealth>> CheckHealthAsync(CancellationToken cancellation)
    {
        var (ok, text) = await _client.PingAsync(cancellation).ConfigureAwait(false);
        var target = _client.BaseAddress.ToString();
        return [ok ? new ScannerHealth(target, true, Engine, null, text) : new ScannerHealth(target, false, null, null, text)];
    }

    public void Dispose() => _client.Dispose();

    /// <summary>
    /// rspamd's action word to a finding; an action this code does not know only tags, and "no
    /// action" is a Monitor `rspamd:none` (the score still goes into X-Spam-Status: No).
    /// </summary>
    internal static Finding ByAction(string action, SpamScore score)
    {
        if (action == "no action")
        {
            return new Finding(FindingCategory.Spam, Engine + ":none", score.ToDetail() + " " + Note(action), "", RuleAction.Monitor);
        }

        var a = action switch
        {
            "reject" => RuleAction.Reject,
            "greylist" or "soft reject" => RuleAction.Defer,
            "quarantine" => RuleAction.Quarantine,
            "discard" => RuleAction.Drop,
            _ => RuleAction.Monitor,
        };
        // Only the words we know go into a rule name; anything else is quoted in the detail.
        var rule = a == RuleAction.Monitor && action is not ("add header" or "rewrite subject")
            ? Engine + ":other-action"
            : Engine + ":" + action.Replace(' ', '-');
        return new Finding(FindingCategory.Spam, rule, score.ToDetail() + " " + Note(action), "", a);
    }

    /// <summary>rspamd's action word for the detail, quoted: printable ASCII without quotes, at most 40 characters.</summary>
    private static string Note(string action) => "action=\"" + PrintableAscii.Of(action, 40).Replace('"', '?') + "\"";
}
