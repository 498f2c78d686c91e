namespace Vigil.Store.Import;

/// <summary>
/// What a line parser needs besides the line: the file's name (each row's source), the node for
/// lines that do not name one, and the file's time, which gives syslog lines their year (they
/// carry none: a date later than the file is last year's).
/// </summary>
public sealed record ImportContext(string Source, string Node, DateTimeOffset FileTime);
