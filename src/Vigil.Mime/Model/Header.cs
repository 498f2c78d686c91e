namespace Vigil.Mime.Model;

/// <summary>One header field, unfolded.</summary>
/// <param name="Name">Field name as written (comments removed, case kept).</param>
/// <param name="RawValue">Unfolded value, bytes read as UTF-8 where valid, else Latin-1.</param>
public sealed record Header(string Name, string RawValue);
