namespace Vigil.Engine.Scanners.Orchestration;

/// <summary>
/// The health of a scanner that is a program run per message (`command`, `commandapi`): it is
/// not run (it would need a message), but it must exist and be executable, else every message
/// it should judge would be deferred. A name without '/' is looked up on PATH, as the doors do.
/// </summary>
public static class ProgramHealth
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static IReadOnlyList<ScannerHealth> Check(string program)
    {
        var path = Resolve(program);
        if (path is null)
        {
            return [new ScannerHealth(program, false, null, null, "no such program" + (program.Contains('/', StringComparison.Ordinal) ? "" : " on PATH"))];
        }

        try
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & AnyExecute) == 0)
            {
                return [new ScannerHealth(program, false, null, null, $"{path} is not executable")];
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [new ScannerHealth(program, false, null, null, $"{path}: {e.Message}")];
        }

        return [new ScannerHealth(program, true, null, null, $"program {path} is executable (run per message, not run now)")];
    }

    private static string? Resolve(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? program : null;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
