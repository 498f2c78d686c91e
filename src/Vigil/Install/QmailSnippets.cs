using System.Text;

namespace Vigil.Install;

/// <summary>
/// The scripts and lines that connect qmail to Vigil: the QMAILQUEUE and QHPSI wrappers, the
/// tcpserver rules and the dot-qmail line. Every path is quoted for /bin/sh, and each wrapper
/// honours VIGIL_CONTROL so a tcpserver rule can choose another control directory per client.
/// </summary>
public static class QmailSnippets
{
    /// <summary>
    /// qmail-smtpd execs $QMAILQUEUE with no arguments (message on fd 0, envelope on fd 1), so the
    /// control directory has to be named by a wrapper.
    /// </summary>
    public static string QueueWrapper(InstallLayout layout)
    {
        var sb = new StringBuilder();
        sb.Append("#!/bin/sh\n");
        sb.Append("# Written by `vigil install --qmail`. qmail-smtpd runs $QMAILQUEUE without arguments, with the\n");
        sb.Append("# message on fd 0 and the envelope on fd 1: vigil queue judges it and hands clean mail to the\n");
        sb.Append("# real qmail-queue (qmailqueue= in options). VIGIL_CONTROL in a tcpserver rule picks another\n");
        sb.Append("# control directory for those clients.\n");
        sb.Append("VIGIL_CONTROL=${VIGIL_CONTROL:-").Append(ShellQuote.Word(layout.ControlDirectory)).Append("}\n");
        sb.Append("export VIGIL_CONTROL\n");
        sb.Append("exec ").Append(layout.Vigil.ShellText).Append(" queue --control \"$VIGIL_CONTROL\"\n");
        return sb.ToString();
    }

    /// <summary>
    /// A QHPSI-patched qmail-queue runs `$QHPSI MESSFILE [$QHPSIARG1..3]` from its queue directory
    /// after it has read the message, with fd 1 still its envelope pipe; the infected code (QHPSIRC,
    /// default 1) becomes 554, any other non-zero 454. `vigil scan` gives 1 for blocked mail and 2
    /// for an error, and its verdict line goes to stderr (qmail-smtpd's log) because fd 1 is not an
    /// output there. Without a file argument (patches that pipe the message) it reads stdin.
    /// </summary>
    public static string QhpsiWrapper(InstallLayout layout)
    {
        var sb = new StringBuilder();
        sb.Append("#!/bin/sh\n");
        sb.Append("# Written by `vigil install --qmail`. A QHPSI qmail-queue runs: vigil-qhpsi MESSFILE [QHPSIARG1..3].\n");
        sb.Append("# Exit QHPSIRC (default 1) = blocked (554), 2 = error (454), 0 = clean. fd 1 is qmail-queue's\n");
        sb.Append("# envelope pipe, so the verdict line goes to stderr. QHPSIARGs meant for another scanner\n");
        sb.Append("# (clamdscan's --disable-summary) are ignored with a note; Vigil's own (--profile DIR) count.\n");
        sb.Append("VIGIL_CONTROL=${VIGIL_CONTROL:-").Append(ShellQuote.Word(layout.ControlDirectory)).Append("}\n");
        sb.Append("export VIGIL_CONTROL\n");
        sb.Append("[ $# -gt 0 ] || exec ").Append(layout.Vigil.ShellText).Append(" scan --control \"$VIGIL_CONTROL\" - 1>&2\n");
        sb.Append("messfile=$1; shift\n");
        sb.Append("exec ").Append(layout.Vigil.ShellText).Append(" \"$messfile\" scan --control \"$VIGIL_CONTROL\" \"$@\" 1>&2\n");
        return sb.ToString();
    }

    /// <summary>The tcpserver rules for /etc/tcp.smtp (Qmail-Scanner's place for QMAILQUEUE).</summary>
    public static string TcpRules(InstallLayout layout)
    {
        var q = TcpValue(layout.QueueWrapper);
        var sb = new StringBuilder();
        sb.Append("# Lines for /etc/tcp.smtp (merge them; the first matching rule wins), then rebuild the cdb:\n");
        sb.Append("#   tcprules /etc/tcp.smtp.cdb /etc/tcp.smtp.tmp < /etc/tcp.smtp\n");
        sb.Append("# Every client's mail goes through Vigil; local clients may relay.\n");
        sb.Append("127.:allow,RELAYCLIENT=\"\",QMAILQUEUE=\"").Append(q).Append("\"\n");
        sb.Append(":allow,QMAILQUEUE=\"").Append(q).Append("\"\n");
        return sb.ToString();
    }

    /// <summary>The QHPSI alternative (a QHPSI-patched qmail-queue scans; no QMAILQUEUE then).</summary>
    public static string QhpsiRules(InstallLayout layout)
    {
        var sb = new StringBuilder();
        sb.Append("# Instead of QMAILQUEUE, with a QHPSI-patched qmail-queue (not both: that scans twice):\n");
        sb.Append(":allow,QHPSI=\"").Append(TcpValue(layout.QhpsiWrapper)).Append("\"\n");
        sb.Append("# Optional: QHPSIMAXSIZE=\"9000000\" skips larger messages; QHPSIRC stays at its default 1.\n");
        return sb.ToString();
    }

    /// <summary>The line for a .qmail file, before its delivery lines (QMVC's place).</summary>
    public static string DotQmailLine(InstallLayout layout) =>
        "|" + layout.Vigil.ShellText + " deliver --control " + ShellQuote.Word(layout.ControlDirectory);

    /// <summary>The dot-qmail snippet with its explanation.</summary>
    public static string DotQmail(InstallLayout layout)
    {
        var sb = new StringBuilder();
        sb.Append("# Put the first line before the delivery lines of a .qmail file (e.g. ~alias/.qmail-default or\n");
        sb.Append("# a user's ~/.qmail). Exit 0 delivers, 99 stops (quarantined or dropped), 100 bounces, 111 retries.\n");
        sb.Append("# Add -u to lay ~/vigil/control over the system profile, -v PREFIX to strip a virtual-domain prefix.\n");
        sb.Append(DotQmailLine(layout)).Append('\n');
        sb.Append("./Maildir/\n");
        return sb.ToString();
    }

    /// <summary>tcprules values sit in double quotes; <see cref="InstallPlan.Problem"/> refuses paths holding one.</summary>
    private static string TcpValue(string path) => path;
}
