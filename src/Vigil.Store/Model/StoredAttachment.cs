namespace Vigil.Store.Model;

/// <summary>A named part of a message: file name (data, never a path), declared and detected type, decoded size.</summary>
public sealed record StoredAttachment(string Name, string? DeclaredType, string? DetectedType, long Size);
