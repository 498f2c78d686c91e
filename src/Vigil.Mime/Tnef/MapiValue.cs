namespace Vigil.Mime.Tnef;

/// <summary>
/// One value of one MAPI property in a TNEF property stream. <see cref="Type"/> is the base type
/// (multi-value flag removed); <see cref="Data"/> is where the value's bytes are, without the
/// length prefix or padding (for PT_OBJECT it starts with the 16-byte interface id).
/// </summary>
internal readonly record struct MapiValue(ushort Type, ushort Id, bool IsNamed, ByteRange Data);
