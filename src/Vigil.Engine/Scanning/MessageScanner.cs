using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanners;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Scanning;

/// <summary>
/// The engine's front: analyse a message, judge it against the policy, return the verdict.
/// Every door calls this and only translates the result. An internal fault never lets a message
/// through: it becomes an `error` finding, which the doors turn into a temporary failure.
/// </summary>
public sealed partial class MessageScanner
{
    private readonly MessageAnalyzer _analyzer;
    private readonly PolicyProvider _policy;
    private readonly IReadOnlyList<IContentScanner> _scanners;
    private readonly ILogger _logger;

    public MessageScanner(MessageAnalyzer analyzer, PolicyProvider policy, ILogger<MessageScanner>? logger = null)
        : this(analyzer, policy, [], logger)
    {
    }

    /// <param name="scanners">Virus (and later spam) scanners run on every message, in turn.</param>
    public MessageScanner(MessageAnalyzer analyzer, PolicyProvider policy, IReadOnlyList<IContentScanner> scanners, ILogger<MessageScanner>? logger = null)
    {
        _analyzer = analyzer;
        _policy = policy;
        _scanners = scanners;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Scans one message read from <paramref name="input"/>. Dispose the result to remove its temp files.</summary>
    public async Task<ScanResult> ScanAsync(Stream input, CancellationToken cancellation = default)
    {
        var start = Stopwatch.GetTimestamp();
        MessageAnalysis? analysis = null;
        try
        {
            // One policy snapshot per message: its limits and its rules come from the same files.
            var current = _policy.Current;
            var limits = current.Options.Limits.ApplyTo(_analyzer.Limits);

            // Scanners need the raw message: copy it as the parser reads it, only when there are
            // scanners, so the policy-only path costs nothing more.
            using var raw = _scanners.Count > 0 ? new RawMessageSpool(limits.SpoolMemoryThreshold) : null;
            analysis = _analyzer.Analyze(raw?.Wrap(input) ?? input, limits, cancellation);
            var policy = new PolicyScanner(current);
            var findings = policy.Evaluate(analysis);
            if (raw is not null)
            {
                raw.Complete();
                findings = [.. await RunScannersAsync(analysis, raw, cancellation).ConfigureAwait(false), .. findings];
            }

            return new ScanResult(analysis, new Verdict(findings), Stopwatch.GetElapsedTime(start));
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

    /// <summary>
    /// The scanners' findings, AV before policy (Qmail-Scanner's order of judgement). One after
    /// another for now; running them concurrently is later work (issue 4). Scan is synchronous, so
    /// it waits here; the doors have no synchronisation context to deadlock on.
    /// </summary>
    private async Task<List<Finding>> RunScannersAsync(MessageAnalysis analysis, RawMessageSpool raw, CancellationToken cancellation)
    {
        var findings = new List<Finding>();
        foreach (var scanner in _scanners)
        {
            findings.AddRange(await scanner.ScanAsync(analysis, raw.Content, cancellation).ConfigureAwait(false));
        }

        return findings;
    }

    private static ScanResult Failed(string rule, string detail, long start) =>
        new(null, new Verdict([new Finding(FindingCategory.Error, rule, detail, "")]), Stopwatch.GetElapsedTime(start));

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Internal fault while scanning; the message is deferred")]
    private static partial void LogInternalFault(ILogger logger, Exception exception);
}
