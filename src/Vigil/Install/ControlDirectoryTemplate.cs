using System.Globalization;
using System.Text;
using Vigil.Doors.Queue;
using Vigil.Engine.Gateway;
using Vigil.Engine.Dispositions;
using Vigil.Engine.Dispositions.Actions;
using Vigil.Engine.Dispositions.Archive;
using Vigil.Engine.Dispositions.Execution;
using Vigil.Engine.Dispositions.Forwarding;
using Vigil.Engine.Dispositions.Logging;
using Vigil.Engine.Dispositions.Notifications;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Dispositions.Tagging;
using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Scanners.Configuration;
using Vigil.Engine.Scanners.Orchestration;
using Vigil.Mime.Limits;

namespace Vigil.Install;

/// <summary>
/// The control directory `vigil install` writes: every file the engine reads, with its defaults
/// written out as comments. The keys come from the engine's own constants and the defaults from
/// its own default objects, so the file stays true when they change. Files whose presence replaces
/// a built-in list (`badsubjects`, `attachments`) are written with that list in force, not
/// commented out: a commented copy would silently turn the defaults off.
/// </summary>
public static class ControlDirectoryTemplate
{
    /// <summary>Every file of the control directory, by name, in a stable order.</summary>
    /// <param name="quarantineRoot">The quarantine root: commented when it is the default, in force when chosen.</param>
    /// <param name="clamdAddress">When given, a `clamd` line in force in `scanners`; otherwise examples only.</param>
    /// <param name="qmailInject">When given (install --qmail), `reinject=` in force naming qmail's qmail-inject: on a machine
    /// that also has Postfix, /usr/sbin/sendmail is Postfix's and a release would sit in its maildrop.</param>
    public static IReadOnlyList<(string Name, string Content)> Files(string quarantineRoot, string? clamdAddress, string? qmailInject = null) =>
    [
        (ControlFileNames.Options, Options(quarantineRoot, qmailInject)),
        (ControlFileNames.Filters, Filters()),
        (ControlFileNames.BadSubjects, BadSubjects()),
        (ControlFileNames.BadBodyTexts, Examples("badbodytexts: one .NET regex per line, matched against decoded text parts when the `body` filter is on.", @"(?i)wire the money today", @"Your account has been suspended => monitor")),
        (ControlFileNames.BadMimeTypes, Examples("badmimetypes: one regex per line, matched against each part's detected type (id and description) and its declared MIME type.", @"^application/x-msdownload$", @"^application/hta$")),
        (ControlFileNames.BadFileNames, Examples("badfilenames: one regex per line, matched against every name of every part (archive members too with the `archives` filter).", @"\.(exe|scr|pif)\.zip$", @"\.docm$ => monitor")),
        (ControlFileNames.BadHeaders, Examples("badheaders: `Header-Name: regex` matched against the top-level header; `Header-Name:` alone blocks the header's presence.", "X-Mailer: ^Bulk Blaster", "X-Spanska:")),
        (ControlFileNames.Attachments, Attachments()),
        (ControlFileNames.NullSender, NullSender()),
        (ScannerFileNames.Scanners, Scanners(clamdAddress)),
        (ScannerFileNames.NoScanTypes, Examples("noscantypes: one regex per line against each part's detected type id and description; with skipnoscantypes=y in options the virus scanners skip those parts.", "^image/(gif|jpeg|png)$", "^text/plain$")),
        (NotificationSettings.AvGuardsFile, Examples("avguards: addresses told about viruses (notify=...,admin in options), one per line.", "postmaster@example.org")),
        (NotificationSettings.BmGuardsFile, Examples("bmguards: addresses told about blocked bad mail (policy, format, limits), one per line.", "postmaster@example.org")),
        (NotificationSettings.RespMailFile, Examples("respmail: the From address of every notification (default: postmaster@ and the first line of `me`, else the host name).", "postmaster@example.org")),
        (NotificationSettings.ForgingVirusesFile, Examples("forgingviruses: regexes of virus names whose senders are forged, added to the built-in list; their senders are never told.", "^Worm\\.Example")),
        (NotificationSettings.LanguagesFile, Examples("languages: `domain-or-tld lang` per line chooses the notification language (en, de, fr, es, it); templates/<lang>/<kind>-<audience>.txt overrides a built-in text.", "de de", "example.ch fr")),
    ];

    /// <summary>Every `options` key Vigil reads: the keys the generated `options` file lists.</summary>
    public static IReadOnlySet<string> OptionKeys()
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in Options(QuarantineOptions.DefaultRoot, null).Split('\n'))
        {
            var text = line.StartsWith('#') ? line[1..] : line;
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && !text[..eq].Contains(' ', StringComparison.Ordinal))
            {
                keys.Add(text[..eq]);
            }
        }

        return keys;
    }

    private static string Options(string quarantineRoot, string? qmailInject)
    {
        var d = PolicyOptions.Default;
        var limits = AnalysisLimits.Default;
        var o = OrchestrationOptions.Default;
        var sb = new StringBuilder();
        sb.Append("# options: key=value, one per line. Every key Vigil reads is listed with its default;\n");
        sb.Append("# remove the # before a key to change it. Sizes take k, m, g suffixes (1024-based).\n");
        sb.Append("# A comment is a line of its own: a # later in a line is part of the value.\n\n");

        sb.Append("## The qmail doors\n");
        Key(sb, QmailQueueLocation.OptionKey, QmailQueueLocation.DefaultPath, "the real qmail-queue `vigil queue` hands clean mail to (else VIGIL_QMAILQUEUE)");
        Key(sb, QmailQueueCustomError.OptionKey, "auto", "notqmail's custom error text on fd 6 (exit 82): auto (when fd 6 is an inherited pipe), yes or no");
        Key(sb, MailGateway.RelayClientProfileKey, "/etc/vigil/relay", "a profile laid over this directory for mail from clients with RELAYCLIENT set (no profile when unset)");
        Key(sb, HeaderAddressReader.OptionKey, "no", "`vigil deliver` takes sender and recipient from From:/To: (fetchmail mailboxes)");
        Key(sb, MessageLogSettings.LogKey, "stderr", "the message log: stderr, stdout, none, syslog[:facility] or file:/absolute/path");
        Key(sb, MessageLogSettings.AnonymizeKeyKey, "/etc/vigil/logkey", "a file with 16+ bytes of secret: local parts in the log become HMAC tokens (off when unset)");
        Key(sb, MessageLogSettings.LogFormatKey, "vigil", "or qmail-scanner: Qmail-Scanner's syslog line (tag qmail-scanner) with log=syslog, its mailstats.csv line elsewhere");

        sb.Append("\n## Policy\n");
        Key(sb, PolicyOptions.BlockExecutablesKey, YesNoText(d.BlockExecutables), "content detected as an executable is blocked whatever its name");
        Key(sb, PolicyOptions.RegexTimeoutKey, Number((long)d.RegexTimeout.TotalMilliseconds), "ms one pattern may run on one input (1..60000)");
        Key(sb, PolicyOptions.RegexEngineKey, "backtracking", "or nonbacktracking");
        Key(sb, PolicyOptions.MaxMessageSizeKey, Number(d.MaxMessageSize), "bytes of the raw message, 0 = unlimited");
        Key(sb, PolicyOptions.MaxAttachmentSizeKey, Number(d.MaxAttachmentSize), "bytes of one decoded attachment, 0 = unlimited");
        Key(sb, PolicyOptions.MaxBodyScanKey, Size(d.MaxBodyScan), "bytes of each text part badbodytexts reads");

        sb.Append("\n## Analysis limits (reaching one is a `limits` finding, never a crash or a hang)\n");
        Key(sb, "maxmimedepth", Number(limits.MaxMimeDepth), "nesting of multiparts and attached messages");
        Key(sb, "maxparts", Number(limits.MaxParts), "entities of every kind in one message");
        Key(sb, "maxheaderbytes", Size(limits.MaxHeaderBytes), "bytes of one header block");
        Key(sb, "maxheaderparameters", Number(limits.MaxHeaderParameters), "parameters in the MIME fields of one header block");
        Key(sb, "maxdecodedbytes", Size(limits.MaxDecodedBytes), "decoded bytes per message");
        Key(sb, "maxarchivedepth", Number(limits.MaxArchiveDepth), "archives inside archives");
        Key(sb, "maxarchiveentries", Number(limits.MaxArchiveEntries), "members listed from one archive");
        Key(sb, "maxarchivebytes", Size(limits.MaxArchiveExpandedBytes), "bytes expanded from all archives of one message");
        Key(sb, "maxexpansionratio", Number(limits.MaxExpansionRatio), "expanded / compressed size of one archive member");
        Key(sb, "maxanalysistime", Number((long)limits.MaxAnalysisTime.TotalSeconds), "seconds for the analysis of one message");
        Key(sb, "second-parser", limits.SecondParser ? "on" : "off", "parse again with MimeKit, compare, scan what only it sees (format:parser-disagreement)");

        sb.Append("\n## Scanners (see the `scanners` file)\n");
        Key(sb, OrchestrationOptions.EarlyQuitOnVirusKey, YesNoText(o.EarlyQuitOnVirus), "stop the other scanners at the first virus");
        Key(sb, OrchestrationOptions.EarlyQuitOnBadMailKey, YesNoText(o.EarlyQuitOnBadMail), "ask no scanner when the policy already blocks the message");
        Key(sb, OrchestrationOptions.SkipNoScanTypesKey, YesNoText(o.SkipNoScanTypes), "virus scanners skip the parts `noscantypes` names");

        sb.Append("\n## After the verdict: quarantine, reject, defer (or greylist), drop, deliver.\n");
        sb.Append("## A rule's own `=> action` wins; an `error` verdict (a scanner that could not be asked) always defers.\n");
        Key(sb, ActionOptions.VirusKey, Action(Engine.Verdicts.FindingCategory.Virus), "virus findings");
        Key(sb, ActionOptions.PolicyKey, Action(Engine.Verdicts.FindingCategory.Policy), "policy rules: names, types, headers, subjects, body texts");
        Key(sb, ActionOptions.FormatKey, Action(Engine.Verdicts.FindingCategory.Format), "malformed messages (format checks)");
        Key(sb, ActionOptions.LimitsKey, Action(Engine.Verdicts.FindingCategory.Limits), "analysis limits reached");
        Key(sb, ActionOptions.SpamKey, Action(Engine.Verdicts.FindingCategory.Spam), "spam is tagged and delivered");

        sb.Append("\n## Quarantine\n");
        Key(sb, QuarantineOptions.RootKey, quarantineRoot, "root of the viruses/ policy/ spam/ Maildirs and quarantine.log", inForce: quarantineRoot != QuarantineOptions.DefaultRoot);
        Key(sb, QuarantineOptions.DaysKey, Number((long)QuarantineCleaner.DefaultRetention.TotalDays), "`vigil cleanup` removes older messages (1..36500)");
        Key(sb, QuarantineOptions.ReinjectKey, qmailInject ?? SendmailReinjector.DefaultSendmail, "program `vigil quarantine release` hands a message to (qmail-inject is recognised; or smtp:host[:port])", inForce: qmailInject is not null);

        sb.Append("\n## The store (docs/STORE.md): one row per message and recipient, for vigil track, report and blocklist\n");
        Key(sb, Vigil.Store.Location.StoreLocation.OptionKey, "sqlite:" + Vigil.Store.Location.StoreLocation.DefaultPath, "sqlite:/absolute/path, postgres://user@host/db or off (else $VIGIL_STORE; the default only when its directory exists)");
        Key(sb, Vigil.Store.Location.StoreLocation.RetentionKey, Number(Vigil.Store.Location.StoreLocation.DefaultRetentionDays), "`vigil cleanup` removes older rows (1..36500)");

        sb.Append("\n## Notifications (avguards, bmguards, respmail, languages, templates/)\n");
        Key(sb, NotificationSettings.NotifyKey, "psender,admin", "sender, psender (policy blocks only), recipient, admin, none");
        Key(sb, NotificationSettings.LanguageKey, "en", "the notices' language when the recipient's domain (languages file, TLD) does not decide: en de fr es it af pl sv cs tr lt pt nl zh");
        Key(sb, NotificationTransport.NotifyViaKey, "qmail-inject", "qmail-inject[:path], sendmail[:path] or smtp[:host[:port]]");
        Key(sb, NotificationStep.TimeoutKey, Number((long)NotificationStep.DefaultTimeout.TotalSeconds), "seconds for all notifications and copies of one message together");
        Key(sb, ForwardSettings.ForwardVirusKey, "no", "send a copy of virus mail to the addresses in `vmforward`");
        Key(sb, ForwardSettings.ForwardBadKey, "no", "send a copy of bad mail (policy, format, limits) to the addresses in `bmforward`");
        Key(sb, ForwardSettings.MaxSizeKey, Size(ForwardSettings.DefaultMaxSize), "larger messages are not forwarded (they stay in the quarantine)");

        sb.Append("\n## Added headers and the archive\n");
        Key(sb, TaggingOptions.StatusHeaderKey, "no", "add X-Vigil-Status to delivered mail (off, as QMVC argues)");
        Key(sb, TaggingOptions.SpamHeadersKey, "yes", "add X-Spam-Flag/-Score/-Level/-Status when a spam scanner judged the message");
        Key(sb, ArchiveOptions.ArchiveKey, "no", "archive passed mail: no, yes (all) or a regex matched against the sender and each recipient");
        Key(sb, ArchiveOptions.DirectoryKey, ArchiveOptions.DefaultDirectory, "the archive Maildir");
        Key(sb, ArchiveOptions.BlockedKey, "no", "archive blocked mail too");
        Key(sb, ArchiveOptions.FailureKey, "defer", "when the archive copy cannot be written: defer (retry) or deliver (with a warning)");
        return sb.ToString();
    }

    private static string Filters()
    {
        var d = FilterSettings.Default;
        var sb = new StringBuilder();
        sb.Append("# filters: which checks run. A line `word` or `word=yes` turns one on, `word=no` off;\n");
        sb.Append("# lines change the defaults below rather than start from nothing.\n");
        Word(sb, "subject", d.Subject, "badsubjects against the decoded Subject");
        Word(sb, "body", d.Body, "badbodytexts against decoded text parts (costly)");
        Word(sb, "mimetype", d.MimeType, "badmimetypes against detected and declared types");
        Word(sb, "filename", d.FileName, "badfilenames and the attachments table against file names");
        Word(sb, "headers", d.Headers, "badheaders (and header rows of attachments)");
        Word(sb, "format", d.Format, "malformed-MIME checks become findings");
        Word(sb, "archives", d.Archives, "per-file checks also look at archive members");
        Word(sb, "ignorecase", d.IgnoreCase, "pattern files match regardless of case");
        Word(sb, "encryptedarchives", d.EncryptedArchives, "encrypted archive members are blocked");
        Word(sb, "unreadablearchives", d.UnreadableArchives, "archives or members that could not be read are blocked");
        return sb.ToString();
    }

    private static string BadSubjects()
    {
        var sb = new StringBuilder();
        sb.Append("# badsubjects: one .NET regex per line against the decoded Subject. This file replaces the\n");
        sb.Append("# built-in list, so the defaults are written below in force. Any rule may end with\n");
        sb.Append("# `=> quarantine|reject|defer|drop|monitor`.\n");
        foreach (var rule in PolicySet.BuiltIn.BadSubjects)
        {
            sb.Append(rule.Pattern).Append('\n');
        }

        return sb.ToString();
    }

    private static string Attachments()
    {
        var sb = new StringBuilder();
        sb.Append("# attachments: Qmail-Scanner's table, TAB-separated: name-or-.ext <TAB> size <TAB> description.\n");
        sb.Append("# Size 0 = any size; `Happy99.exe<TAB>10000<TAB>...` = only that name at that size;\n");
        sb.Append("# `TEXT<TAB>Subject:<TAB>...` = that text in a header. This file replaces the built-in table\n");
        sb.Append("# (the SANS gateway paper's Appendix E), which is written below in force.\n");
        foreach (var rule in PolicySet.BuiltIn.Attachments)
        {
            sb.Append(rule.Match).Append('\t').Append(rule.Size.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(rule.Description).Append('\n');
        }

        return sb.ToString();
    }

    private static string NullSender()
    {
        var d = NullSenderSettings.Default;
        var sb = new StringBuilder();
        sb.Append("# nullsender: what to do with mail from the null sender <> (bounces; also a virus habit).\n");
        Key(sb, NullSenderSettings.TrashKey, YesNoText(d.Trash), "drop it, logged (an outbreak measure)");
        Key(sb, NullSenderSettings.EarlyQuitKey, YesNoText(d.EarlyQuit), "with trashing: do not even check it");
        Key(sb, NullSenderSettings.SkipVirusCheckKey, YesNoText(d.SkipVirusCheck), "spare the virus scanners");
        return sb.ToString();
    }

    private static string Scanners(string? clamdAddress)
    {
        var timeout = Number((long)ScannerLine.DefaultTimeout.TotalSeconds);
        var sb = new StringBuilder();
        sb.Append("# scanners: one virus or spam scanner per line: kind words... key=value... [required|optional].\n");
        sb.Append("# A required scanner (the default) that cannot be asked makes the message an `error`: it is\n");
        sb.Append($"# deferred, never passed unchecked. timeout=SECONDS (default {timeout}) works for every kind.\n");
        sb.Append("# `vigil scanners` shows whether they answer; `vigil test-install` sends the EICAR test through.\n");
        if (clamdAddress is not null)
        {
            sb.Append("clamd ").Append(clamdAddress).Append('\n');
        }
        else
        {
            sb.Append("#clamd unix:/run/clamav/clamd.ctl\n");
        }

        sb.Append("#clamd tcp:127.0.0.1:3310 tcp:10.0.0.2:3310 mode=both maxconnections=10 optional\n");
        sb.Append("#command uvscan /usr/local/bin/uvscan --secure {file} rc=13 maxsize=9000000\n");
        sb.Append("#spamd tcp:127.0.0.1:783 tag=5 quarantine=10 reject=15\n");
        sb.Append("#rspamd http://127.0.0.1:11333\n");
        sb.Append("#commandapi bogofilter /usr/bin/bogofilter map=0:spam,1:clean,2:clean\n");
        return sb.ToString();
    }

    private static string Examples(string description, params string[] examples)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(description).Append('\n');
        sb.Append("# Nothing is in force until a line without # is added. Examples:\n");
        foreach (var e in examples)
        {
            sb.Append('#').Append(e).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>
    /// The meaning on its own line above the commented key: a `#` later in a line is data (regexes
    /// use it), so a trailing comment would become part of the value once the line is uncommented.
    /// </summary>
    /// <param name="inForce">True for a value the admin chose at install time: written without the #.</param>
    private static void Key(StringBuilder sb, string key, string value, string meaning, bool inForce = false) =>
        sb.Append("# ").Append(meaning).Append('\n').Append(inForce ? "" : "#").Append(key).Append('=').Append(value).Append('\n');

    private static void Word(StringBuilder sb, string word, bool value, string meaning) => Key(sb, word, YesNoText(value), meaning);

    private static string Action(Engine.Verdicts.FindingCategory category) =>
        ActionOptions.DefaultFor(category).ToString().ToLowerInvariant();

    private static string YesNoText(bool value) => value ? "yes" : "no";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A byte count with the largest exact 1024-based suffix, as an admin would write it.</summary>
    private static string Size(long bytes)
    {
        if (bytes > 0 && bytes % (1024L * 1024 * 1024) == 0)
        {
            return Number(bytes / (1024L * 1024 * 1024)) + "g";
        }

        if (bytes > 0 && bytes % (1024L * 1024) == 0)
        {
            return Number(bytes / (1024L * 1024)) + "m";
        }

        if (bytes > 0 && bytes % 1024 == 0)
        {
            return Number(bytes / 1024) + "k";
        }

        return Number(bytes);
    }
}
