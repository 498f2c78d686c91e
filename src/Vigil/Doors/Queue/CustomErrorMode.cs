namespace Vigil.Doors.Queue;

/// <summary>Whether `vigil queue` answers a refusal with notqmail's custom error text (options `customerror=`).</summary>
public enum CustomErrorMode
{
    /// <summary>Only when fd 6 looks like the error pipe notqmail's qmail-smtpd opens (the default).</summary>
    Auto,

    /// <summary>Always: the admin knows the caller reads fd 6.</summary>
    Yes,

    /// <summary>Never: plain qmail-queue exit codes (31, 71).</summary>
    No,
}
