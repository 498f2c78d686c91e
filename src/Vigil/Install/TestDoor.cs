namespace Vigil.Install;

/// <summary>Which door `vigil test-install` sends its mails through.</summary>
public enum TestDoor
{
    /// <summary>`vigil queue` (or the QMAILQUEUE wrapper) as a child process, as qmail-smtpd runs it: the whole path, quarantine and real qmail-queue included.</summary>
    Queue,

    /// <summary>The engine in this process, as `vigil scan` and QHPSI use it: verdict and planned action, no side effects.</summary>
    Scan,
}
