using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// Who is told about a blocked message, and how. Read from the control directory by
/// <see cref="Load"/>, or built directly (tests, other doors).
/// <para>
/// `options` key <c>notify=</c> takes a comma-separated list (default <c>psender,admin</c>,
/// Qmail-Scanner's behaviour):
/// <c>sender</c> tells the sender about viruses and bad mail (forging viruses excepted);
/// <c>psender</c> tells the sender about bad mail only (policy, format, limits);
/// <c>recipient</c> (or <c>recips</c>) tells each recipient, spam included;
/// <c>admin</c> tells the response teams: <c>avguards</c> about viruses, <c>bmguards</c> about bad mail;
/// <c>none</c> turns everything off. The sender is never told about spam (its sender is forged or
/// a spammer), and admins are not told about spam (it would flood them). With empty guard files
/// (the default) <c>admin</c> tells nobody. How notifications leave is <c>notifyvia=</c>
/// (see <see cref="NotificationTransport"/>).
/// </para>
/// <para>
/// Control files: <c>avguards</c>, <c>bmguards</c> (one address per line), <c>respmail</c> (the
/// From address; default from <c>me</c> and <c>defaulthost</c>, else qmail's control files, else the
/// machine's host name: see <see cref="NotifierIdentity"/>), <c>forgingviruses</c> (signature-name patterns added to the built-in list),
/// <c>languages</c> (<c>domain-or-tld lang</c> per line) and <c>templates/&lt;lang&gt;/&lt;kind&gt;-&lt;audience&gt;.txt</c>.
/// </para>
/// </summary>
public sealed class NotificationSettings
{
    public const string NotifyKey = "notify";
    public const string AvGuardsFile = "avguards";
    public const string BmGuardsFile = "bmguards";
    public const string RespMailFile = "respmail";
    public const string MeFile = "me";
    public const string DefaultHostFile = "defaulthost";
    public const string ForgingVirusesFile = "forgingviruses";
    public const string LanguagesFile = "languages";

    /// <summary>The profile's notification language when the recipient's domain does not decide (`language=` in `options`).</summary>
    public const string LanguageKey = "language";

    /// <summary>Tell the sender about viruses and bad mail ("sender").</summary>
    public bool NotifySender { get; init; }

    /// <summary>Tell the sender about bad mail: policy, format and limits blocks ("psender").</summary>
    public bool NotifyPolicySender { get; init; } = true;

    /// <summary>Tell each envelope recipient ("recipient").</summary>
    public bool NotifyRecipients { get; init; }

    /// <summary>Tell the response teams ("admin").</summary>
    public bool NotifyAdmins { get; init; } = true;

    /// <summary>Addresses told about viruses.</summary>
    public IReadOnlyList<string> AvGuards { get; init; } = [];

    /// <summary>Addresses told about bad mail.</summary>
    public IReadOnlyList<string> BmGuards { get; init; } = [];

    /// <summary>The From address of every notification.</summary>
    public string RespMail { get; init; } = "postmaster@localhost";

    /// <summary>This host's name, for Message-IDs.</summary>
    public string HostName { get; init; } = "localhost";

    public ForgingViruses ForgingViruses { get; init; } = ForgingViruses.BuiltIn;

    public LanguageChooser Languages { get; init; } = LanguageChooser.Default;

    public TemplateStore Templates { get; init; } = TemplateStore.BuiltIn;

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>At most this many recipients (and as many admins) are told about one message.</summary>
    public int MaxNotificationsPerAudience { get; init; } = 50;

    public static NotificationSettings Default { get; } = new();

    /// <summary>Reads the settings of a profile; mistakes are reported and skipped, never thrown.</summary>
    /// <param name="layers">The control directories, most specific first.</param>
    /// <param name="options">The already parsed `options` file (PolicySet.Options).</param>
    /// <param name="report">Where errors and warnings go (PolicySet.Report, or a new one).</param>
    /// <param name="machineHostName">This host's name when `me` is absent; null asks the system.</param>
    public static NotificationSettings Load(ControlLayers layers, PolicyOptions options, ConfigReport report, string? machineHostName = null)
    {
        var (notifySender, notifyPolicySender, notifyRecipients, notifyAdmins) = ParseNotify(options.Get(NotifyKey), report);

        var identity = NotifierIdentity.Resolve(layers, QmailControlDirectory(options), report, () => machineHostName ?? SystemHostName());
        var host = identity.Host;
        var respMail = FirstLine(layers, RespMailFile, report);
        if (respMail is not null && !MailAddressText.IsSafe(respMail))
        {
            report.Warning(RespMailFile, $"'{HeaderText.Sanitize(respMail, 80)}' is not a plain address; using {identity.Address}");
            respMail = null;
        }

        var forging = new List<string>(ForgingViruses.BuiltInPatterns);
        foreach (var line in ControlFileReader.Read(layers, ForgingVirusesFile, report).Lines)
        {
            forging.Add(line.Text);
        }

        return new NotificationSettings
        {
            NotifySender = notifySender,
            NotifyPolicySender = notifyPolicySender,
            NotifyRecipients = notifyRecipients,
            NotifyAdmins = notifyAdmins,
            AvGuards = AddressListFile.Read(layers, AvGuardsFile, report),
            BmGuards = AddressListFile.Read(layers, BmGuardsFile, report),
            RespMail = respMail ?? identity.Address,
            HostName = host,
            ForgingViruses = new ForgingViruses(forging),
            Languages = new LanguageChooser(LanguageMap(layers, report), ProfileLanguage(options, report)),
            Templates = new TemplateStore(layers),
        };
    }

    /// <summary>`language=`: one of the built-in languages, or a code with templates of its own; null when unset or bad (reported).</summary>
    private static string? ProfileLanguage(PolicyOptions options, ConfigReport report)
    {
        var value = options.Get(LanguageKey)?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!LanguageChooser.IsLanguageCode(value))
        {
            report.Warning(ControlFileNames.Options, $"{LanguageKey}: '{HeaderText.Sanitize(value, 40)}' is not a language code; English is used");
            return null;
        }

        if (!TemplateStore.BuiltInLanguages.Contains(value))
        {
            report.Warning(ControlFileNames.Options, $"{LanguageKey}: '{value}' has no built-in templates ({string.Join(' ', TemplateStore.BuiltInLanguages)}); templates/{value}/ is used where present, English elsewhere");
        }

        return value;
    }

    /// <summary>Parses a `notify=` value; null or empty gives the default (psender,admin).</summary>
    public static (bool Sender, bool PolicySender, bool Recipients, bool Admins) ParseNotify(string? value, ConfigReport? report = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return (false, true, false, true);
        }

        bool sender = false, policySender = false, recipients = false, admins = false;
        foreach (var raw in value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            switch (raw.ToLowerInvariant())
            {
                case "none":
                    break;
                case "sender":
                    sender = true;
                    break;
                case "psender":
                    policySender = true;
                    break;
                case "recipient" or "recipients" or "recips":
                    recipients = true;
                    break;
                case "admin" or "admins":
                    admins = true;
                    break;
                default:
                    report?.Warning(ControlFileNames.Options, $"notify: unknown word '{HeaderText.Sanitize(raw, 40)}' (sender, psender, recipient, admin, none)");
                    break;
            }
        }

        return (sender, policySender || sender, recipients, admins);
    }

    /// <summary>qmail's control directory: the one beside the qmail-queue Vigil hands mail to (/var/qmail/control).</summary>
    public static string? QmailControlDirectory(PolicyOptions options)
    {
        var bin = Path.GetDirectoryName(QmailQueueLocation.Resolve(options));
        var home = bin is null ? null : Path.GetDirectoryName(bin);
        return home is null ? null : Path.Combine(home, "control");
    }

    private static string? FirstLine(ControlLayers layers, string name, ConfigReport report)
    {
        var lines = ControlFileReader.Read(layers, name, report).Lines;
        return lines.Count > 0 ? lines[0].Text : null;
    }

    private static Dictionary<string, string> LanguageMap(ControlLayers layers, ConfigReport report)
    {
        var (source, lines) = ControlFileReader.Read(layers, LanguagesFile, report);
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines)
        {
            var parts = line.Text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && LanguageChooser.IsLanguageCode(parts[1].ToLowerInvariant()))
            {
                map[parts[0]] = parts[1];
            }
            else
            {
                report.Warning(source, line.Number, $"expected 'domain-or-tld lang', found '{HeaderText.Sanitize(line.Text, 80)}'");
            }
        }

        return map;
    }

    private static string SystemHostName()
    {
        try
        {
            var name = System.Net.Dns.GetHostName();
            return string.IsNullOrWhiteSpace(name) ? "localhost" : name;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return "localhost";
        }
    }
}
