using System.Globalization;
using Vigil.Engine.Analysis;
using Vigil.Engine.Scanners.Command;
using Vigil.Engine.Scanners.Orchestration;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Scanners.CommandApi;

/// <summary>
/// QMVC's command API: pipes the raw message to a program with qmail-local's envelope variables
/// in its environment (each message's own: the orchestrator passes its envelope) and turns its exit code into a finding ("commandapi:NAME:CODE"). An exit
/// code nobody mapped, a timeout (the process group is killed) or a program that does not start
/// is an error finding: what could not be judged is not clean.
/// </summary>
public sealed class CommandApiScanner : IEnvelopeAwareScanner, IScannerHealthCheck
{
    private readonly CommandApiOptions _options;
    private readonly EnvelopeInfo _envelope;

    /// <param name="envelope">The envelope for callers that pass none (<see cref="ScanAsync(MessageAnalysis, ContentSpool, CancellationToken)"/>); empty when unknown.</param>
    public CommandApiScanner(CommandApiOptions options, EnvelopeInfo? envelope = null)
    {
        _options = options;
        _envelope = envelope ?? EnvelopeInfo.Empty;
    }

    public string Name => "commandapi " + _options.Name;

    public CommandApiOptions Options => _options;

    /// <summary>`vigil scanners`: the program must exist and be executable (it is not run).</summary>
    public Task<IReadOnlyList<ScannerHealth>> CheckHealthAsync(CancellationToken cancellation) =>
        Task.FromResult(ProgramHealth.Check(_options.Program));

    public Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, CancellationToken cancellation) =>
        ScanAsync(raw, _envelope, cancellation);

    /// <summary>The orchestrator's call: the program sees this message's envelope and the door's variables.</summary>
    public Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, Envelope envelope, CancellationToken cancellation) =>
        ScanAsync(raw, EnvelopeInfo.From(envelope), cancellation);

    /// <summary>Runs the program on <paramref name="raw"/> with this message's own envelope.</summary>
    public async Task<IReadOnlyList<Finding>> ScanAsync(ContentSpool raw, EnvelopeInfo envelope, CancellationToken cancellation)
    {
        var spec = new ProcessSpec(_options.Program, _options.Arguments, _options.Timeout, envelope.ToEnvironment());
        ProcessRun run;
        using (var input = raw.OpenRead())
        {
            run = await ProcessRunner.RunAsync(spec, input, cancellation).ConfigureAwait(false);
        }

        if (run.Status != ProcessRunStatus.Exited)
        {
            var timedOut = run.Status == ProcessRunStatus.TimedOut;
            return [new Finding(FindingCategory.Error, Rule(timedOut ? "timeout" : "error"), $"{Name}: {run.Problem}", "") { TimedOut = timedOut }];
        }

        var code = run.ExitCode.ToString(CultureInfo.InvariantCulture);
        if (_options.CleanExitCodes.Contains(run.ExitCode))
        {
            return [];
        }

        var said = run.FirstLine;
        if (_options.ExitCodeMap.TryGetValue(run.ExitCode, out var category))
        {
            return [new Finding(category, Rule(code), said.Length == 0 ? $"{Name}: exit code {code}" : $"{Name}: {said}", "")];
        }

        return [new Finding(FindingCategory.Error, Rule(code), $"{Name}: unmapped exit code {code}{(said.Length == 0 ? "" : ": " + said)}", "")];
    }

    private string Rule(string what) => $"commandapi:{_options.Name}:{what}";
}
