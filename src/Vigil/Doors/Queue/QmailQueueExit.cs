namespace Vigil.Doors.Queue;

/// <summary>The exit codes of qmail-queue(8) that `vigil queue` answers with (11..40 permanent, the rest temporary).</summary>
public static class QmailQueueExit
{
    public const int Accepted = 0;
    public const int PermanentRefusal = 31;
    public const int WriteError = 53;
    public const int ReadError = 54;
    public const int ConfigError = 55;
    public const int TemporaryRefusal = 71;
    public const int CustomError = 82;
    public const int EnvelopeFormatError = 91;
}
