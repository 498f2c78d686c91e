namespace Vigil.Engine.Scanners.Command;

/// <summary>One run of an external program, as the command scanners ask for it.</summary>
/// <param name="Program">An absolute path, or a bare name looked up on PATH.</param>
/// <param name="Arguments">Passed one by one (never through a shell), so nothing in them is interpreted.</param>
/// <param name="Timeout">After this the program and everything it started are killed.</param>
/// <param name="Environment">Variables set (or overwritten) for the program; the rest is inherited.</param>
/// <param name="OutputLimit">Bytes kept of each of stdout and stderr; the rest is read and dropped.</param>
public sealed record ProcessSpec(
    string Program,
    IReadOnlyList<string> Arguments,
    TimeSpan Timeout,
    IReadOnlyDictionary<string, string>? Environment = null,
    int OutputLimit = ProcessSpec.DefaultOutputLimit)
{
    public const int DefaultOutputLimit = 64 * 1024;
}
