using Vigil.Mime.Model;

namespace Vigil.Mime.Names;

/// <summary>A file name reading found in a part's headers.</summary>
/// <param name="Name">Decoded name.</param>
/// <param name="Source">Header it came from.</param>
/// <param name="Primary">A reading a standard client takes (as opposed to a variant kept to defeat evasion).</param>
public sealed record DeclaredName(string Name, NameSource Source, bool Primary);
