using Vigil.Engine.Analysis;
using Vigil.Engine.Scanners.Orchestration;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Scanners.Spamd;

/// <summary>
/// Asks spamd (SYMBOLS) about the raw message and turns the score into at most one finding by the
/// configured bands: below tag nothing; tag a Monitor spam finding (delivered, headers added by
/// the doors from its <see cref="SpamScore"/>); quarantine and reject spam findings with those
/// actions. Over maxsize the message is not sent (a Monitor limits finding says so). An outage is
/// an error finding (Monitor when the scanner is optional), never a clean message. `vigil scanners`
/// asks it with PING: spamd reports no engine or rule versions, so the answer is the PONG line.
/// </summary>
public sealed class SpamdScanner : IContentScanner, IScannerHealthCheck
{
    public const string Engine = "spamd";

    private readonly SpamdClient _client;
    private readonly SpamScannerSettings _settings;

    public SpamdScanner(SpamdClient client, SpamScannerSettings? settings = null)
    {
        _client = client;
        _settings = settings ?? SpamScannerSettings.Default;
    }

    public SpamdScanner(SpamdScannerOptions options)
        : this(new SpamdClient(options.Address, SpamdTimeouts.Within(options.Settings.Timeout), options.User), options.Settings)
    {
    }

    public string Name => "spamd " + _client.Address;

    public SpamdClient Client => _client;

    public async Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, CancellationToken cancellation)
    {
        if (_settings.SizeSkip(Engine, raw.Length) is { } skipped)
        {
            return [skipped];
        }

        SpamdResult result;
        using (var content = raw.OpenRead())
        {
            result = await _client.CheckAsync(content, raw.Length, SpamdCommand.Symbols, cancellation).ConfigureAwait(false);
        }

        if (result.Score is not { } score)
        {
            var rule = result.Unreachable ? Engine + ":unreachable" : Engine + ":error";
            return [_settings.Failure(rule, "spamd " + result.Detail) with { TimedOut = result.TimedOut }];
        }

        return [SpamBands.FindingFor(Engine, _settings.Bands.Classify(score), score)];
    }

    public async Task<IReadOnlyList<ScannerHealth>> CheckHealthAsync(CancellationToken cancellation)
    {
        var ping = await _client.PingAsync(cancellation).ConfigureAwait(false);
        var target = _client.Address.ToString();
        return [ping.Ok ? new ScannerHealth(target, true, Engine + " " + ping.Text.Split(' ')[0], null, ping.Text) : new ScannerHealth(target, false, null, null, ping.Text)];
    }
}
