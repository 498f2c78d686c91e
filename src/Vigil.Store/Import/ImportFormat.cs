namespace Vigil.Store.Import;

/// <summary>The kinds of file `vigil store import` reads.</summary>
public enum ImportFormat
{
    /// <summary>Chosen from the file's first line.</summary>
    Auto,

    /// <summary>Vigil's message log (tab-separated, `log=`), also as syslog lines ("vigil[PID]: ", tabs as #011).</summary>
    Vigil,

    /// <summary>The store's spill file: one JSON row per line.</summary>
    Spill,

    /// <summary>Qmail-Scanner's syslog lines (`qmail-scanner[PID]: STATUS: …`, seed 002).</summary>
    QmailScannerSyslog,

    /// <summary>Qmail-Scanner's mailstats.csv (tab-separated, seed 002).</summary>
    Mailstats,

    /// <summary>Vigil's quarantine.log (time id folder verdict rule sender recipients ip subject).</summary>
    QuarantineLog,
}
