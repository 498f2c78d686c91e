namespace Vigil.Engine.Dispositions.Logging;

/// <summary>
/// The layout of the message log (`logformat=` in `options`): Vigil's own tab-separated line
/// (<see cref="MessageLogLine"/>, the default) or Qmail-Scanner's (<see cref="QmailScannerLogLine"/>:
/// its syslog line under the tag "qmail-scanner" with `log=syslog`, its mailstats.csv line with
/// any other destination).
/// </summary>
public enum MessageLogFormat
{
    Vigil,
    QmailScanner,
}
