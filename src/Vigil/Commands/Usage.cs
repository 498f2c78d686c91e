namespace Vigil.Commands;

/// <summary>The help text.</summary>
public static class Usage
{
    public const string Text = """
        vigil - mail and virus control gateway

        usage:
          vigil scan [--control DIR] [--profile DIR]... [--clamd ADDR]... [--sender ADDR] [--json] [-v] PATH...
              Scan message files, directories or Maildirs of messages, mbox files, or - (stdin).
              One line per message: "PATH: OK" or "PATH: <rule> FOUND"; --json: one JSON object per line.
              --clamd unix:/path or tcp:host:port also sends every message to clamd (INSTREAM).
              --sender gives the envelope sender ('' for the null sender <>, see the nullsender file).
              Exit 0 when all are clean, 1 when any is not, 2 on an operational error.
          vigil inspect [--control DIR] PATH
              Print the MIME tree: names, declared and detected types, sizes, anomalies, limits.
          vigil scanners [--control DIR] [--clamd ADDR]...
              List each scanner (control file `scanners`, and --clamd) with whether it answers, its engine
              and signature versions. Exit 0 when every required scanner answers, 2 otherwise.
          vigil config check [--control DIR]
              Read every control file (scanners included), print what was read and every error as
              file:line; exit 1 on error.
          vigil quarantine list|show ID|release ID|delete ID [--quarantine DIR] [--sendmail PROG]  (quarantine=, reinject= in options)
          vigil cleanup [--days N] [--quarantine DIR]  Remove quarantine older than N days (14, quarantinedays=), tmp/ files older than 30 h.
          vigil queue [--control DIR]  QMAILQUEUE replacement: message on fd 0, envelope on fd 1, qmail-queue exit codes (real one: qmailqueue= or VIGIL_QMAILQUEUE).
          vigil deliver [--control DIR] [-u] [-c BASEDIR] [-v PREPEND|-v-] [-n]  dot-qmail filter: stdin, SENDER/RECIPIENT; exit 0 deliver, 99 filtered, 100 bounce, 111 retry (also on a usage error); -n: AV skips noscantypes.
          vigil install --qmail [--apply] [--root DIR] [--control DIR] [--force] [--vigil PATH] [--clamd ADDR]
              Print (--apply: write) the wrappers, the tcp.smtp, dot-qmail and QHPSI lines and a commented control directory.
          vigil test-install [--control DIR] [--door queue|scan] [--to ADDR]
              Send the EICAR, policy and clean test mails through a door; exit 0 when all behave as configured.
          QHPSI: qmail-queue runs `vigil QUEUEFILE scan [ARGS]`; the line goes to stderr, exit 1 refuses (554), 2 defers (454).

        The control directory comes from --control or VIGIL_CONTROL; --profile lays a user's or domain's
        directory over it file by file. Without one, built-in defaults apply
        (SANS Appendix E attachment list, bad subjects ILOVEYOU / I-LOVE-YOU, format checks on,
        executables detected by content blocked).

        """;
}
