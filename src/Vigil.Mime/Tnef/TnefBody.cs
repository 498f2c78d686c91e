namespace Vigil.Mime.Tnef;

/// <summary>A message body found in the TNEF stream, reported as its own entity so it gets scanned.</summary>
/// <param name="Name">Synthetic member name: body.rtf, body.html or body.txt.</param>
/// <param name="MediaType">Type the body is declared as.</param>
internal sealed record TnefBody(string Name, string MediaType, TnefBodyKind Kind, ByteRange Data);
