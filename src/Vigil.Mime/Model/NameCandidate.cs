namespace Vigil.Mime.Model;

/// <summary>One file name an entity carries.</summary>
/// <param name="Raw">As decoded from its source (RFC 2047/2231 applied), before normalisation.</param>
/// <param name="Normalized">As Windows would see it: see <c>FileNameNormalizer</c>.</param>
/// <param name="Source">Where it was found.</param>
public sealed record NameCandidate(string Raw, string Normalized, NameSource Source);
