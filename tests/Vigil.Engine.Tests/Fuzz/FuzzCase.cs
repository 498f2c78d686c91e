namespace Vigil.Engine.Tests.Fuzz;

/// <summary>One generated input and how it was made, so a failure can be read and replayed.</summary>
/// <param name="Bytes">The mail handed to the scanner.</param>
/// <param name="Description">Seed file and every mutation applied, in order.</param>
internal sealed record FuzzCase(byte[] Bytes, string Description);
