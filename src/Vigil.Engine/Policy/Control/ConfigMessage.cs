namespace Vigil.Engine.Policy.Control;

/// <summary>One problem found in a control file, located by file and line (0 when it concerns the whole file).</summary>
public sealed record ConfigMessage(ConfigMessageLevel Level, string File, int Line, string Message)
{
    /// <summary>Compiler style, so editors can jump to it: `path:line: error: message`.</summary>
    public override string ToString() =>
        $"{File}:{Line}: {(Level == ConfigMessageLevel.Error ? "error" : "warning")}: {Message}";
}
