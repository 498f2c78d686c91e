using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
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
    private readonly ILogger _logger;

    public MessageScanner(MessageAnalyzer analyzer, PolicyProvider policy, ILogger<MessageScanner>? logger = null)
    {
        _analyzer = analyzer;
        _policy = policy;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Scans one message read from <paramref name="input"/>. Dispose the result to remove its temp files.</summary>
    public ScanResult Scan(Stream input, CancellationToken cancellation = default)
    {
        var start = Stopwatch.GetTimestamp();
        MessageAnalysis? analysis = null;
        try
        {
            // One policy snapshot per message: its limits and its rules come from the same files.
            var current = _policy.Current;
            analysis = _analyzer.Analyze(input, current.Options.Limits.ApplyTo(_analyzer.Limits), cancellation);
            var policy = new PolicyScanner(current);
            var findings = policy.Evaluate(analysis);
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

    private static ScanResult Failed(string rule, string detail, long start) =>
        new(null, new Verdict([new Finding(FindingCategory.Error, rule, detail, "")]), Stopwatch.GetElapsedTime(start));

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Internal fault while scanning; the message is deferred")]
    private static partial void LogInternalFault(ILogger logger, Exception exception);
}
