namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>How a re-injection went: success only when the mail system took the whole message.</summary>
/// <param name="Success">True when the message was accepted.</param>
/// <param name="ExitCode">The program's exit code (-1 when it could not be run).</param>
/// <param name="Detail">What went wrong (the program's stderr, capped), or "" on success.</param>
public sealed record ReinjectResult(bool Success, int ExitCode, string Detail);
