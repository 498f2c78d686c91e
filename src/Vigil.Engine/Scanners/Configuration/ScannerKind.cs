namespace Vigil.Engine.Scanners.Configuration;

/// <summary>
/// A kind of scanner the `scanners` file may name: how to build one from its line, and whether it
/// is an anti-virus engine (those are skipped for `noscantypes` leaves).
/// </summary>
/// <param name="Name">The first word of the line, lower-case.</param>
/// <param name="Factory">Builds the scanner, or returns null after reporting why to the <see cref="ConfigErrors"/>.</param>
/// <param name="IsVirusScanner">True for anti-virus engines.</param>
public sealed record ScannerKind(string Name, Func<ScannerLine, ConfigErrors, IContentScanner?> Factory, bool IsVirusScanner);
