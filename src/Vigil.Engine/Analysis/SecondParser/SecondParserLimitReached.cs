namespace Vigil.Engine.Analysis.SecondParser;

/// <summary>
/// Thrown from inside MimeKit's reading (a <see cref="SecondParserGate"/> callback or the
/// <see cref="HeaderBoundedStream"/> under it) to stop it at the first of Vigil's limits it
/// reaches; the only way out of a reader that has no stop of its own. Caught in
/// <see cref="SecondParserCheck"/>, never beyond.
/// </summary>
internal sealed class SecondParserLimitReached(string reason) : Exception(reason);
