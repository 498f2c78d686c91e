namespace Vigil.Engine.Policy.Control;

/// <summary>One meaningful line of a control file: comments and blank lines are already gone.</summary>
/// <param name="Number">1-based line number in the file, for `path:line` messages.</param>
/// <param name="Text">The line with surrounding whitespace removed.</param>
public sealed record ControlLine(int Number, string Text);
