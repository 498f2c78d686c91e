namespace Vigil.Mime.Headers;

/// <summary>One <c>name=value</c> parameter of a structured header, as written.</summary>
/// <param name="BaseName">Lower-case name without RFC 2231 markers ("filename" for "filename*0*").</param>
/// <param name="Section">RFC 2231 continuation index, or null.</param>
/// <param name="Extended">RFC 2231 extended (percent-encoded, charset'lang' prefix on section 0).</param>
/// <param name="Value">Unquoted value (quoted-pair escapes applied, comments removed).</param>
/// <param name="Quoted">True when the value was a quoted string.</param>
/// <param name="Tail">The value followed by any following segments that hold no '=' (a name split by a stray ';'), or null.</param>
public sealed record HeaderParameter(string BaseName, int? Section, bool Extended, string Value, bool Quoted, string? Tail);
