namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>How an attempt to hand a notification on ended.</summary>
public enum SendOutcome
{
    /// <summary>The MTA accepted it (SMTP 250 after DATA, or the program exited 0).</summary>
    Sent,

    /// <summary>It may work later: 4xx, a timeout, a refused connection, a program's temporary exit.</summary>
    TemporaryFailure,

    /// <summary>It will not work as it is: 5xx, a program that is missing or exits with a permanent code.</summary>
    PermanentFailure,
}
