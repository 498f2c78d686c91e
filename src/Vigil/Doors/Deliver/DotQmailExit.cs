namespace Vigil.Doors.Deliver;

/// <summary>The exit codes qmail-local understands from a dot-qmail program (see dot-qmail(5)).</summary>
public static class DotQmailExit
{
    /// <summary>Continue with the next lines of the .qmail file (deliver).</summary>
    public const int Continue = 0;

    /// <summary>Success; ignore the rest of the .qmail file (the message was filtered).</summary>
    public const int Filtered = 99;

    /// <summary>Permanent failure: the message bounces, with our stdout as the reason.</summary>
    public const int Bounce = 100;

    /// <summary>Temporary failure: qmail-send retries later.</summary>
    public const int TemporaryFailure = 111;
}
