namespace Vigil.Engine.Policy.Control;

/// <summary>
/// How rule patterns are run (option `regexengine`). Measured on the 2-core build machine: 50
/// interpreted patterns cost about 7 ms to build and first match, 50 non-backtracking ones about
/// 200 ms (3 ms each), and compiled ones about 100 ms. A CLI run scans one message and exits, so
/// the interpreter (bounded by `regextimeout`) is the default; a long-running server may choose
/// the non-backtracking engine, which cannot be driven into catastrophic backtracking at all.
/// </summary>
public enum RegexEngineChoice
{
    /// <summary>The interpreted backtracking engine, bounded by the match timeout.</summary>
    Backtracking,

    /// <summary>
    /// Linear-time matching; patterns it cannot run (backreferences, lookarounds, atomic groups)
    /// fall back to the backtracking engine with a warning.
    /// </summary>
    NonBacktracking,
}
