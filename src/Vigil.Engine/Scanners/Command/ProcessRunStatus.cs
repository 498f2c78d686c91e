namespace Vigil.Engine.Scanners.Command;

/// <summary>How a program run ended.</summary>
public enum ProcessRunStatus
{
    /// <summary>It exited by itself; the exit code is meaningful.</summary>
    Exited,

    /// <summary>It ran past its timeout and was killed with its whole process group.</summary>
    TimedOut,

    /// <summary>It could not be started (not found, not executable).</summary>
    FailedToStart,
}
