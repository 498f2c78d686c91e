using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Scanners.Configuration;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Model;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Scanners.Orchestration;

/// <summary>
/// Runs the configured scanners over one message, all at once, each within its timeout and the
/// message's cancellation. A required scanner that fails, times out or throws gives an `error`
/// finding (fail closed); an optional one gives a Monitor finding ("scanner-skipped:NAME"), which
/// the verdict ignores. The findings come back in configuration order, whatever finished first,
/// and so do the <see cref="ScannerRun"/>s (result and time per scanner) when asked for.
/// </summary>
public sealed partial class ScannerOrchestrator
{
    private readonly ILogger _logger;

    public ScannerOrchestrator(ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
    }

    /// <param name="policyFindings">What the policy found already (it runs first), for `earlyquitonbadmail`.</param>
    public Task<List<Finding>> RunAsync(
        ScannerSet set,
        MessageAnalysis analysis,
        ContentSpool raw,
        OrchestrationOptions options,
        IReadOnlyList<Finding> policyFindings,
        CancellationToken cancellation) =>
        RunAsync(set, analysis, raw, options, policyFindings, null, cancellation);

    /// <param name="prefetch">Raw scans started before the analysis (<see cref="RawPrefetch.Start"/>), used in place of starting them again.</param>
    /// <param name="runs">Given: one <see cref="ScannerRun"/> added per scanner that ran, in configuration order.</param>
    public async Task<List<Finding>> RunAsync(
        ScannerSet set,
        MessageAnalysis analysis,
        ContentSpool raw,
        OrchestrationOptions options,
        IReadOnlyList<Finding> policyFindings,
        RawPrefetch? prefetch,
        CancellationToken cancellation,
        ICollection<ScannerRun>? runs = null)
    {
        var findings = new List<Finding>();
        foreach (var error in set.ConfigErrors)
        {
            findings.Add(new Finding(FindingCategory.Error, ScannerRules.ConfigError, error.ToString(), ""));
        }

        if (set.Scanners.Count == 0)
        {
            return findings;
        }

        if (options.EarlyQuitOnBadMail && IsBlocked(policyFindings))
        {
            LogSkippedBadMail(_logger);
            return findings;
        }

        var allExcluded = false;
        var excluded = options.SkipNoScanTypes ? Excluded(analysis, set.NoScanTypes, out allExcluded) : null;
        var skipVirusScanners = options.SkipVirusScanners || (excluded is not null && allExcluded);

        using var quit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var tasks = new Task<(List<Finding> Findings, ScannerRun? Run)>[set.Scanners.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            var scanner = set.Scanners[i];
            if (skipVirusScanners && scanner.IsVirusScanner)
            {
                tasks[i] = Task.FromResult((new List<Finding>(), (ScannerRun?)null));
                continue;
            }

            var include = excluded is null || !scanner.IsVirusScanner ? null : (Func<Entity, bool>)(e => !excluded.Contains(e));

            // Task.Run: a scanner that does work before its first await must not hold up the others.
            var started = prefetch?.For(set, i);
            var index = i;
            Func<(long Start, long End)>? rawSpan = started is null ? null : () => prefetch!.RawSpan(index);
            tasks[i] = Task.Run(() => RunOneAsync(scanner, analysis, raw, options.Envelope, include, started, rawSpan, options.EarlyQuitOnVirus ? quit : null, cancellation), CancellationToken.None);
        }

        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        cancellation.ThrowIfCancellationRequested();
        foreach (var (found, run) in results)
        {
            findings.AddRange(found);
            if (run is not null)
            {
                runs?.Add(run);
            }
        }

        return findings;
    }

    /// <param name="rawSpan">When <paramref name="rawScan"/> started and ended: the scanner's time is that span and its own after the parse.</param>
    private async Task<(List<Finding> Findings, ScannerRun? Run)> RunOneAsync(
        ConfiguredScanner scanner,
        MessageAnalysis analysis,
        ContentSpool raw,
        Envelope envelope,
        Func<Entity, bool>? include,
        Task<IReadOnlyList<Finding>>? rawScan,
        Func<(long Start, long End)>? rawSpan,
        CancellationTokenSource? quit,
        CancellationToken message)
    {
        var start = Stopwatch.GetTimestamp();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(quit?.Token ?? message);
        limit.CancelAfter(scanner.Timeout);
        List<Finding> findings;
        try
        {
            var found = rawScan is not null && scanner.Scanner is IRawPrefetchScanner prefetching
                ? await prefetching.ScanAsync(analysis, raw, include ?? (static _ => true), rawScan, limit.Token).ConfigureAwait(false)
                : include is not null && scanner.Scanner is ISelectiveContentScanner selective
                    ? await selective.ScanAsync(analysis, raw, include, limit.Token).ConfigureAwait(false)
                    : scanner.Scanner is IEnvelopeAwareScanner aware
                        ? await aware.ScanAsync(analysis, raw, envelope, limit.Token).ConfigureAwait(false)
                        : await scanner.Scanner.ScanAsync(analysis, raw, limit.Token).ConfigureAwait(false);
            findings = [.. found];
        }
        catch (OperationCanceledException) when (!message.IsCancellationRequested)
        {
            if (quit?.IsCancellationRequested == true)
            {
                // Another scanner found a virus: this one's answer no longer matters.
                LogCancelledEarly(_logger, scanner.Name);
                return ([], Stopped(scanner));
            }

            var seconds = scanner.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            findings = [new Finding(FindingCategory.Error, ScannerRules.Timeout, $"{scanner.Name}: no verdict within {seconds} s", "") { TimedOut = true }];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogScannerFault(_logger, scanner.Name, e);
            findings = [new Finding(FindingCategory.Error, ScannerRules.Fault, $"{scanner.Name}: {e.GetType().Name}: {e.Message}", "")];
        }

        if (quit?.IsCancellationRequested == true && !HasVirus(findings))
        {
            // Cancelled half way by the early quit: whatever it says (an error, likely) is moot.
            LogCancelledEarly(_logger, scanner.Name);
            return ([], Stopped(scanner));
        }

        // Judged before an optional scanner's errors are demoted: an outage is an outage either way.
        // The raw scan's own time (it ran while the parser worked), then what the scanner did after
        // the parse, but not the wait for the parse: the engine's time is not the scanner's.
        var run = new ScannerRun(scanner.Name, ResultOf(findings), BusyTime(rawSpan?.Invoke(), start, Stopwatch.GetTimestamp()));
        if (!scanner.Required)
        {
            Demote(findings, scanner.Name);
        }

        if (quit is not null && HasVirus(findings))
        {
            // The first virus ends the others' work (QMVC earlyquitonvirus).
            quit.Cancel();
        }

        return (findings, run);
    }

    /// <summary>The time from <paramref name="start"/> to <paramref name="end"/>, and before it the raw scan's span, without the gap between them.</summary>
    private static TimeSpan BusyTime((long Start, long End)? raw, long start, long end)
    {
        if (raw is not { End: > 0 } r)
        {
            return Stopwatch.GetElapsedTime(start, end);
        }

        var afterRaw = Math.Max(start, r.End);
        return Stopwatch.GetElapsedTime(r.Start, r.End) + Stopwatch.GetElapsedTime(afterRaw, Math.Max(afterRaw, end));
    }

    private static ScannerRun Stopped(ConfiguredScanner scanner) => new(scanner.Name, ScannerRunResult.Stopped, TimeSpan.Zero);

    private static ScannerRunResult ResultOf(List<Finding> findings)
    {
        if (findings.Exists(f => f.Category == FindingCategory.Error))
        {
            return findings.Exists(f => f.Category == FindingCategory.Error && f.TimedOut)
                ? ScannerRunResult.Timeout
                : ScannerRunResult.Error;
        }

        if (findings.Count > 0 && findings.TrueForAll(f => f.Category == FindingCategory.Limits && f.Action == RuleAction.Monitor))
        {
            // The scanner was not asked (a spam check over its size limit): no answer, no failure, no time.
            return ScannerRunResult.Stopped;
        }

        // A spam scanner reports the score of every message as a Monitor finding: that is an answer, not a find.
        return findings.Exists(f => f.Action != RuleAction.Monitor) ? ScannerRunResult.Found : ScannerRunResult.Clean;
    }

    /// <summary>An optional scanner's errors are logged as Monitor findings, so they do not decide the verdict.</summary>
    private void Demote(List<Finding> findings, string name)
    {
        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            if (f.Category == FindingCategory.Error && f.Action != RuleAction.Monitor)
            {
                LogOptionalSkipped(_logger, name, f.Detail);
                findings[i] = new Finding(FindingCategory.Error, ScannerRules.SkippedPrefix + name, $"{f.Rule}: {f.Detail}", f.PartPath, RuleAction.Monitor) { TimedOut = f.TimedOut };
            }
        }
    }

    private static bool HasVirus(List<Finding> findings) =>
        findings.Exists(f => f.Category == FindingCategory.Virus && f.Action != RuleAction.Monitor);

    /// <summary>Blocked for cause by the policy (not merely an error or spam): scanning cannot change that.</summary>
    private static bool IsBlocked(IReadOnlyList<Finding> policyFindings) =>
        new Verdict(policyFindings).Kind is VerdictKind.Policy or VerdictKind.Format or VerdictKind.Limits or VerdictKind.Virus;

    /// <summary>
    /// The leaves whose detected type (id or description) a `noscantypes` pattern matches;
    /// <paramref name="all"/> when every leaf with content is one of them.
    /// </summary>
    private static HashSet<Entity>? Excluded(MessageAnalysis analysis, IReadOnlyList<RulePattern> patterns, out bool all)
    {
        all = false;
        if (patterns.Count == 0)
        {
            return null;
        }

        var excluded = new HashSet<Entity>(ReferenceEqualityComparer.Instance);
        var leaves = 0;
        foreach (var entity in analysis.Entities)
        {
            if (entity.Content is null || entity.Content.Length == 0)
            {
                continue;
            }

            leaves++;
            if (entity.Detected is { } type && Matches(patterns, type))
            {
                excluded.Add(entity);
            }
        }

        all = leaves > 0 && excluded.Count == leaves;
        return excluded;
    }

    private static bool Matches(IReadOnlyList<RulePattern> patterns, DetectedType type)
    {
        foreach (var p in patterns)
        {
            try
            {
                if (p.IsMatch(type.Id) || p.IsMatch(type.Description))
                {
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // Unsure means scan it.
            }
        }

        return false;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Policy already blocked the message; scanners skipped (earlyquitonbadmail)")]
    private static partial void LogSkippedBadMail(ILogger logger);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "{Scanner} cancelled: a virus was already found (earlyquitonvirus)")]
    private static partial void LogCancelledEarly(ILogger logger, string scanner);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Optional scanner {Scanner} skipped: {Detail}")]
    private static partial void LogOptionalSkipped(ILogger logger, string scanner, string detail);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Scanner {Scanner} failed")]
    private static partial void LogScannerFault(ILogger logger, string scanner, Exception exception);
}
