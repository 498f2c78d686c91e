namespace Vigil.Server.Milter;

/// <summary>
/// The reply bytes a milter sends the MTA (libmilter's SMFIR_*): the final answers to a command
/// and, before the final answer to end-of-message, the modifications.
/// </summary>
internal static class MilterResponse
{
    public const byte Accept = (byte)'a';
    public const byte Continue = (byte)'c';
    public const byte Discard = (byte)'d';
    public const byte AddHeader = (byte)'h';
    public const byte InsertHeader = (byte)'i';
    public const byte ChangeHeader = (byte)'m';
    public const byte OptionNegotiation = (byte)'O';
    public const byte Progress = (byte)'p';
    public const byte Quarantine = (byte)'q';
    public const byte Reject = (byte)'r';
    public const byte TemporaryFailure = (byte)'t';
    public const byte ReplyCode = (byte)'y';
}
