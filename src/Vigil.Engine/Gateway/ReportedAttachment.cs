namespace Vigil.Engine.Gateway;

/// <summary>One named part of an <see cref="OutcomeReport"/>: its file name, declared and detected type and decoded size.</summary>
public sealed record ReportedAttachment(string Name, string? DeclaredType, string? DetectedType, long Size);
