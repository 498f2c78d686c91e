namespace Vigil.Engine.Scanners.Command;

/// <summary>What a program run left behind.</summary>
/// <param name="Status">Exited, timed out or never started.</param>
/// <param name="ExitCode">The exit code when <see cref="Status"/> is Exited; -1 otherwise (also when a signal ended it).</param>
/// <param name="StandardOutput">Up to the spec's output limit, decoded as UTF-8.</param>
/// <param name="StandardError">Likewise.</param>
/// <param name="Problem">Why it did not start or was killed; "" when it exited.</param>
public sealed record ProcessRun(ProcessRunStatus Status, int ExitCode, string StandardOutput, string StandardError, string Problem = "")
{
    /// <summary>Both streams, stdout first: where scanners print their verdict varies.</summary>
    public string Output => StandardError.Length == 0 ? StandardOutput
        : StandardOutput.Length == 0 ? StandardError
        : StandardOutput + "\n" + StandardError;

    /// <summary>The first non-empty output line, shortened, for a finding's detail.</summary>
    public string FirstLine
    {
        get
        {
            foreach (var line in Output.AsSpan().EnumerateLines())
            {
                var trimmed = line.Trim();
                if (!trimmed.IsEmpty)
                {
                    return trimmed.Length <= 200 ? trimmed.ToString() : string.Concat(trimmed[..200], "...");
                }
            }

            return "";
        }
    }
}
