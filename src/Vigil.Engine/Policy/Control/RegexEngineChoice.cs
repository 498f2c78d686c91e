namespace Vigil.Engine.Policy.Control;

/// <summary>
/// How rule patterns are run (option `regexengine`). Measured with the Native AOT vigil
/// (docs/PERFORMANCE.md, "Native AOT"): a `vigil queue` with 43 realistic patterns takes 9 ms with
/// the interpreter and 111 ms with the non-backtracking engine, which builds its automata in every
/// process. A door scans one message and exits, so the interpreter (bounded by `regextimeout`) is
/// the default; a long-running server may choose the non-backtracking engine, which cannot be
/// driven into catastrophic backtracking at all.
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
