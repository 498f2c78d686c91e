using System.Globalization;
using System.Text.RegularExpressions;
using Vigil.Engine.Analysis;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Model;
using Vigil.Mime.Spooling;

using Vigil.Engine.Scanners.Orchestration;

namespace Vigil.Engine.Scanners.Command;

/// <summary>
/// Any command-line virus scanner (clamdscan, clamscan, uvscan, sweep), QHPSI style: the input on
/// stdin or as a generated temp file, the exit code decides (infected, clean, anything else an
/// error), the virus name is pulled from the output, and a scanner that hangs is killed with its
/// process group at the timeout. Nothing it could not scan is called clean.
/// </summary>
public sealed class CommandScanner : IContentScanner, IScannerHealthCheck
{
    private readonly CommandScannerOptions _options;
    private readonly string? _scratchRoot;

    /// <param name="scratchRoot">Where the private temp directories for "{file}" go; the system temp directory by default.</param>
    public CommandScanner(CommandScannerOptions options, string? scratchRoot = null)
    {
        _options = options;
        _scratchRoot = scratchRoot;
    }

    public string Name => "command " + _options.Name;

    public CommandScannerOptions Options => _options;

    /// <summary>`vigil scanners`: the program must exist and be executable (it is not run).</summary>
    public Task<IReadOnlyList<ScannerHealth>> CheckHealthAsync(CancellationToken cancellation) =>
        Task.FromResult(ProgramHealth.Check(_options.Program));

    public string ErrorRule => $"command:{_options.Name}:error";

    public string TooLargeRule => $"command:{_options.Name}:too-large";

    public async Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, CancellationToken cancellation)
    {
        var findings = new List<Finding>();

        // One private directory per message, created only when a file is actually written.
        using var scratch = _options.UsesFile ? new ScratchDirectory(_scratchRoot) : null;
        if (_options.Target != CommandTarget.Raw)
        {
            foreach (var entity in analysis.Entities)
            {
                if (!NeedsOwnScan(entity))
                {
                    continue;
                }

                if (!await ScanOneAsync(findings, entity.Content!, entity.Path, ScannedParts.Describe(entity), scratch, cancellation).ConfigureAwait(false))
                {
                    // The scanner failed: the message has its error finding; more runs would only
                    // wait out the same fault.
                    return findings;
                }
            }
        }

        if (_options.Target != CommandTarget.Entities)
        {
            var before = findings.Count;
            await ScanOneAsync(findings, raw, "", "raw message", scratch, cancellation).ConfigureAwait(false);

            // The same name already reported with its part says more than "somewhere in the message".
            if (findings.Count == before + 1 && findings[^1].Category != FindingCategory.Error
                && findings.FindIndex(0, before, f => f.Rule == findings[^1].Rule) >= 0)
            {
                findings.RemoveAt(findings.Count - 1);
            }
        }

        return findings;
    }

    /// <summary>Scans one input; false when the scanner failed (an error finding was added).</summary>
    private async Task<bool> ScanOneAsync(List<Finding> findings, ContentSpool content, string partPath, string what, ScratchDirectory? scratch, CancellationToken cancellation)
    {
        var size = content.Length;
        if (size < _options.MinSize)
        {
            // QHPSIMINSIZE: too small to carry anything this scanner looks for.
            return true;
        }

        if (size > _options.MaxSize)
        {
            findings.Add(new Finding(
                FindingCategory.Limits,
                TooLargeRule,
                $"{what}: {size.ToString(CultureInfo.InvariantCulture)} bytes, over maxsize {_options.MaxSize.ToString(CultureInfo.InvariantCulture)}; not scanned by {Name}",
                partPath));
            return true;
        }

        ProcessRun run;
        if (scratch is null)
        {
            using var input = content.OpenRead();
            run = await ProcessRunner.RunAsync(Spec(_options.Arguments), input, cancellation).ConfigureAwait(false);
        }
        else
        {
            // Removed when closed (DeleteOnClose); the directory goes with the scratch.
            using var file = scratch.CreateFile();
            using (var input = content.OpenRead())
            {
                await input.CopyToAsync(file, cancellation).ConfigureAwait(false);
            }

            await file.FlushAsync(cancellation).ConfigureAwait(false);
            run = await ProcessRunner.RunAsync(Spec(WithFile(file.Name)), null, cancellation).ConfigureAwait(false);
        }

        return Judge(findings, run, partPath, what);
    }

    private bool Judge(List<Finding> findings, ProcessRun run, string partPath, string what)
    {
        if (run.Status != ProcessRunStatus.Exited)
        {
            findings.Add(new Finding(FindingCategory.Error, ErrorRule, $"{Name}: {run.Problem} (scanning {what})", partPath) { TimedOut = run.Status == ProcessRunStatus.TimedOut });
            return false;
        }

        if (_options.InfectedExitCodes.Contains(run.ExitCode))
        {
            var virus = VirusName(run.Output);
            var rule = virus ?? $"command:{_options.Name}:rc={run.ExitCode.ToString(CultureInfo.InvariantCulture)}";
            var category = virus is null ? FindingCategory.Virus : ClamdFindings.CategoryOf(virus);
            findings.Add(new Finding(category, rule, $"{what} ({Name})", partPath));
            return true;
        }

        if (_options.CleanExitCodes.Contains(run.ExitCode))
        {
            return true;
        }

        var said = run.FirstLine;
        findings.Add(new Finding(
            FindingCategory.Error,
            ErrorRule,
            $"{Name}: exit code {run.ExitCode.ToString(CultureInfo.InvariantCulture)}{(said.Length == 0 ? "" : ": " + said)} (scanning {what})",
            partPath));
        return false;
    }

    private ProcessSpec Spec(IReadOnlyList<string> arguments) => new(_options.Program, arguments, _options.Timeout);

    /// <summary>The arguments with "{file}" replaced by our generated path (never a name from the mail).</summary>
    private List<string> WithFile(string path)
    {
        var arguments = new List<string>(_options.Arguments.Count);
        foreach (var argument in _options.Arguments)
        {
            arguments.Add(argument.Replace(CommandScannerOptions.FilePlaceholder, path, StringComparison.Ordinal));
        }

        return arguments;
    }

    /// <summary>The virus name from the scanner's output, or null when the pattern does not match.</summary>
    private string? VirusName(string output)
    {
        try
        {
            var match = _options.VirusName.Match(output);
            if (!match.Success)
            {
                return null;
            }

            var group = match.Groups["name"].Success ? match.Groups["name"] : match.Groups[1];
            var name = group.Value.Trim();
            return name.Length == 0 ? null : name.Length <= 200 ? name : name[..200];
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// Every leaf in Entities mode; in Both mode only the leaves the scanner would not read byte for
    /// byte in the raw message (the same rule as the clamd scanner's).
    /// </summary>
    private bool NeedsOwnScan(Entity entity)
    {
        if (entity.Content is null || entity.Content.Length == 0)
        {
            return false;
        }

        return _options.Target == CommandTarget.Entities || !ScannedParts.IsVerbatimPlainText(entity);
    }
}
