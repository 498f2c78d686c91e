using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Types;

/// <summary>
/// A row of a text family's table. It sees the head already decoded (BOM removed, ASCII letters
/// lower-cased), so one rule serves ASCII, UTF-8, Latin-1 and UTF-16 alike: Windows Script Host
/// runs a UTF-16 .vbs as happily as an ASCII one.
/// </summary>
internal delegate DetectedType? TextProbe(ReadOnlySpan<char> text, in TextProfile profile);
