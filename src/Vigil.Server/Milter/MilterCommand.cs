namespace Vigil.Server.Milter;

/// <summary>
/// The command bytes an MTA sends a milter (Sendmail's libmilter mfdef.h, protocol version 6):
/// the first byte of every packet after its 4-byte length.
/// </summary>
internal static class MilterCommand
{
    public const byte Abort = (byte)'A';
    public const byte Body = (byte)'B';
    public const byte Connect = (byte)'C';
    public const byte Macro = (byte)'D';
    public const byte EndOfMessage = (byte)'E';
    public const byte Helo = (byte)'H';
    public const byte QuitNewConnection = (byte)'K';
    public const byte Header = (byte)'L';
    public const byte Mail = (byte)'M';
    public const byte EndOfHeaders = (byte)'N';
    public const byte OptionNegotiation = (byte)'O';
    public const byte Quit = (byte)'Q';
    public const byte Recipient = (byte)'R';
    public const byte Data = (byte)'T';
    public const byte Unknown = (byte)'U';
}
