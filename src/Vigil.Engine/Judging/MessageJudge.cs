using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Scanners;
using Vigil.Engine.Scanners.Configuration;
using Vigil.Engine.Scanners.Orchestration;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Judging;

/// <summary>
/// The engine's front: analyse a message, judge it against the policy, return the verdict.
/// Every door calls this and only translates the result. An internal fault never lets a message
/// through: it becomes an `error` finding, which the doors turn into a temporary failure.
/// </summary>
public sealed partial class MessageJudge
{
    private readonly MessageAnalyzer _analyzer;
    private readonly PolicyProvider _policy;
    private readonly ScannerProvider _scanners;
    private readonly ScannerOrchestrator _orchestrator;
    private readonly ILogger _logger;

    public MessageJudge(MessageAnalyzer analyzer, PolicyProvider policy, ILogger<MessageJudge>? logger = null)
        : this(analyzer, policy, [], logger)
    {
    }

    /// <param name="scanners">Scanners run on every message, all required, with the default timeout.</param>
    public MessageJudge(MessageAnalyzer analyzer, PolicyProvider policy, IReadOnlyList<IContentScanner> scanners, ILogger<MessageJudge>? logger = null)
        : this(analyzer, policy, ScannerProvider.Fixed([.. scanners.Select(s => new ConfiguredScanner(s, true, ScannerLine.DefaultTimeout, true, "api"))]), logger)
    {
    }

    /// <param name="scanners">The scanners in force (the `scanners` control file, hot-reloaded, plus --clamd).</param>
    public MessageJudge(MessageAnalyzer analyzer, PolicyProvider policy, ScannerProvider scanners, ILogger<MessageJudge>? logger = null)
    {
        _analyzer = analyzer;
        _policy = policy;
        _scanners = scanners;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _orchestrator = new ScannerOrchestrator(_logger);
    }

    /// <summary>The policy the scans use; doors read its options (actions, quarantine) from the same snapshot.</summary>
    public PolicyProvider Policy => _policy;

    /// <summary>Scans one message read from <paramref name="input"/>. Dispose the result to remove its temp files.</summary>
    public Task<Judgement> JudgeAsync(Stream input, CancellationToken cancellation = default) =>
        JudgeAsync(input, Envelope.Unknown, cancellation);

    /// <summary>Scans one message with what the door knows of its envelope (the null-sender rules need it).</summary>
    public async Task<Judgement> JudgeAsync(Stream input, Envelope envelope, CancellationToken cancellation = default)
    {
        var start = Stopwatch.GetTimestamp();
        MessageAnalysis? analysis = null;
        try
        {
            // One policy snapshot per message: its limits and its rules come from the same files.
            var current = _policy.Current;
            var limits = current.Options.Limits.ApplyTo(_analyzer.Limits);

            // Scanners need the raw message: read it whole first, only when there are scanners (the
            // policy-only path costs nothing more), and start the raw scans, which then run while
            // the parser works.
            var scanners = _scanners.Current;
            var nullSender = envelope.IsNullSender ? current.NullSender : NullSenderSettings.Default;
            using var raw = scanners.IsActive ? new RawMessageSpool(limits.SpoolMemoryThreshold) : null;
            // The second parser reads the message again: a stream that cannot seek is spooled first.
            using var reread = raw is null && limits.SecondParser && !input.CanSeek ? new RawMessageSpool(limits.SpoolMemoryThreshold) : null;
            using var source = raw?.ReadAll(input) ?? reread?.ReadAll(input);
            await using var prefetch = raw is null || nullSender is { Trash: true, EarlyQuit: true }
                ? null
                : RawPrefetch.Start(scanners, raw.Content, nullSender.SkipVirusCheck, cancellation);
            analysis = _analyzer.Analyze(source ?? input, limits, cancellation);
            if (nullSender is { Trash: true, EarlyQuit: true })
            {
                // QMVC: trashed null-sender mail is not even checked when earlyquitonnullsender is set.
                return new Judgement(analysis, new Verdict([TrashFinding()]), Stopwatch.GetElapsedTime(start));
            }

            var policy = new PolicyEvaluator(current);
            var findings = policy.Evaluate(analysis);
            if (nullSender.Trash)
            {
                findings = [.. findings, TrashFinding()];
            }

            if (raw is not null)
            {
                raw.Complete();
                // AV before policy in the list (Qmail-Scanner's order of judgement); the policy ran
                // first only so `earlyquitonbadmail` can spare the scanners. Scan is synchronous
                // for the doors, which have no synchronisation context to deadlock on.
                var steering = OrchestrationOptions.From(current.Options);
                steering = steering with
                {
                    SkipVirusScanners = nullSender.SkipVirusCheck,
                    SkipNoScanTypes = steering.SkipNoScanTypes || envelope.SkipNoScanTypes,
                    Envelope = envelope,
                };
                var runs = new List<ScannerRun>(scanners.Scanners.Count);
                var scanned = await _orchestrator.RunAsync(scanners, analysis, raw.Content, steering, findings, prefetch, cancellation, runs).ConfigureAwait(false);
                findings = [.. scanned, .. findings];
                return new Judgement(analysis, new Verdict(findings), Stopwatch.GetElapsedTime(start), runs);
            }

            return new Judgement(analysis, new Verdict(findings), Stopwatch.GetElapsedTime(start));
        }
        catch (IOException e)
        {
            analysis?.Dispose();
            return Failed("read-error", e.Message, start);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug must not pass a message unscanned: log it and answer "error" (the doors defer).
            analysis?.Dispose();
            LogInternalFault(_logger, e);
            return Failed("internal-error", e.GetType().Name + ": " + e.Message, start);
        }
    }

    private static Finding TrashFinding() =>
        new(FindingCategory.Policy, "nullsender:" + NullSenderSettings.TrashKey, "mail from the null sender <> is not delivered", "", RuleAction.Drop);

    private static Judgement Failed(string rule, string detail, long start) =>
        Judgement.Failed(rule, detail, Stopwatch.GetElapsedTime(start));

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Internal fault while scanning; the message is deferred")]
    private static partial void LogInternalFault(ILogger logger, Exception exception);
}
