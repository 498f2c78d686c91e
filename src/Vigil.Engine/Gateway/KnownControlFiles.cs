using Vigil.Engine.Dispositions.Forwarding;
using Vigil.Engine.Dispositions.Notifications;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Scanners.Configuration;

namespace Vigil.Engine.Gateway;

/// <summary>
/// Every name some part of Vigil reads from a control directory (the policy, the scanners, the
/// notifications and forwards), with the seed systems' names it reads them under. What a control
/// directory holds besides these is warned about by <see cref="ControlDirectoryAudit"/>.
/// </summary>
public static class KnownControlFiles
{
    /// <summary>The directory of reference snippets `vigil install --qmail` writes into the control directory.</summary>
    public const string QmailSnippetDirectory = "qmail";

    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(
        [
            .. ControlFileNames.All,
            .. ScannerFileNames.All,
            NotificationSettings.AvGuardsFile,
            NotificationSettings.BmGuardsFile,
            NotificationSettings.RespMailFile,
            NotificationSettings.MeFile,
            NotificationSettings.DefaultHostFile,
            NotificationSettings.ForgingVirusesFile,
            NotificationSettings.LanguagesFile,
            ForwardSettings.VirusFile,
            ForwardSettings.BadMailFile,
            TemplateStore.DirectoryName,

            // `vigil install --qmail` writes its reference lines for /etc/tcp.smtp and .qmail files
            // here (Vigil's InstallLayout.SnippetDirectory); Vigil never reads them, but they are its own.
            QmailSnippetDirectory,

            // `vigil serve`'s listener files (Vigil.Server's ServerConfiguration.FileNames; a test there keeps the lists equal).
            "smtproutes",
            "tcp.smtp",
            "rcpthosts",
            "morercpthosts",
            "rcptprofiles",
            "servercert.pem",
            "serverkey.pem",
            "serve",
        ],
        StringComparer.Ordinal);

    /// <summary>The audit's warnings for <paramref name="layers"/>.</summary>
    public static List<ConfigMessage> Audit(ControlLayers layers) => ControlDirectoryAudit.Find(layers, Names);
}
