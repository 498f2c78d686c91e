namespace Vigil.Engine.Policy.Control;

/// <summary>The name a seed system gave a control file that Vigil reads under its own name.</summary>
/// <param name="Name">The file name as the seed wrote it (e.g. QMVC's `badfilename`).</param>
/// <param name="System">Which seed system used it, for the warning that says so.</param>
public sealed record SeedFileName(string Name, string System);
