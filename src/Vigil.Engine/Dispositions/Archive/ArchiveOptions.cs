using System.Text.RegularExpressions;
using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Dispositions.Archive;

/// <summary>
/// The archive keys of the `options` file, after Qmail-Scanner's `--archive` (its `$archiveit`)
/// and its archive Maildir (`$ARCHIVEDIR`):
/// <code>
///   archive=no                         # no (default) | yes (every passed message) | a regex
///                                      # matched against the envelope sender and each recipient,
///                                      # e.g. archive=(support|sales)@example\.com
///   archivedir=/var/spool/vigil/archive  # the archive Maildir (tmp/ new/ cur/ created 0700)
///   archiveblocked=no                  # also archive matching quarantined, rejected or dropped mail
///   archivefailure=defer               # defer (default): passed mail that cannot be archived is
///                                      # refused temporarily and retried; deliver: deliver anyway
/// </code>
/// DLP monitor hits (<see cref="DlpMonitor"/>) are archived whatever `archive=` says.
/// </summary>
public static class ArchiveOptions
{
    public const string ArchiveKey = "archive";
    public const string DirectoryKey = "archivedir";
    public const string BlockedKey = "archiveblocked";
    public const string FailureKey = "archivefailure";

    public const string DefaultDirectory = "/var/spool/vigil/archive";

    /// <summary>Reads the settings; a bad value is kept as <see cref="ArchiveSettings.Error"/>, never thrown.</summary>
    public static ArchiveSettings Read(PolicyOptions options)
    {
        var dir = options.Get(DirectoryKey) is { Length: > 0 } d ? d : DefaultDirectory;
        var blocked = options.GetBool(BlockedKey, false);
        string? error = null;
        var deferOnFailure = true;
        if (options.Get(FailureKey) is { } failure)
        {
            switch (failure.Trim().ToLowerInvariant())
            {
                case "defer":
                    break;
                case "deliver":
                    deferOnFailure = false;
                    break;
                default:
                    error = $"{FailureKey}: '{failure}' is not defer or deliver";
                    break;
            }
        }

        var text = options.Get(ArchiveKey);
        if (string.IsNullOrEmpty(text) || IsWord(text, "no", "n", "false", "off", "0"))
        {
            return new ArchiveSettings(dir, ArchiveScope.None, null, blocked, deferOnFailure, error);
        }

        if (IsWord(text, "yes", "y", "true", "on", "1"))
        {
            return new ArchiveSettings(dir, ArchiveScope.All, null, blocked, deferOnFailure, error);
        }

        return Matching(text, options.RegexTimeout, dir, blocked, deferOnFailure, error);
    }

    // A method of its own: a ReadyToRun method loads every type its body names before it first
    // runs, so the regex library is loaded only when `archive=` really is a regex.
    private static ArchiveSettings Matching(string pattern, TimeSpan timeout, string dir, bool blocked, bool deferOnFailure, string? error)
    {
        try
        {
            var regex = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, timeout);
            return new ArchiveSettings(dir, ArchiveScope.Matching, regex, blocked, deferOnFailure, error);
        }
        catch (ArgumentException e)
        {
            return new ArchiveSettings(dir, ArchiveScope.Matching, null, blocked, deferOnFailure, error ?? $"{ArchiveKey}: invalid regex: {e.Message}");
        }
    }

    /// <summary>One message per invalid archive key; empty when all are valid (for `vigil config check` and the doors).</summary>
    public static IReadOnlyList<string> Validate(PolicyOptions options) =>
        Read(options).Error is { } error ? [error] : [];

    private static bool IsWord(string text, params ReadOnlySpan<string> words)
    {
        var t = text.Trim();
        foreach (var w in words)
        {
            if (t.Equals(w, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
