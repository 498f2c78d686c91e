namespace Vigil.Install;

/// <summary>One file `vigil install` writes: where it goes on the installed system, its text and its mode.</summary>
/// <param name="Path">The installed path (without any --root staging prefix).</param>
/// <param name="Content">The whole text.</param>
/// <param name="Executable">True for scripts (mode 0755), else 0644.</param>
/// <param name="Purpose">One line for the report.</param>
public sealed record InstallFile(string Path, string Content, bool Executable, string Purpose);
