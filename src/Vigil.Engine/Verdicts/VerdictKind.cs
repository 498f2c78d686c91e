namespace Vigil.Engine.Verdicts;

/// <summary>The verdict words of `vigil scan --json` (a contract: never rename).</summary>
public enum VerdictKind
{
    Clean,
    Spam,
    Error,
    Limits,
    Format,
    Policy,
    Virus,
}
