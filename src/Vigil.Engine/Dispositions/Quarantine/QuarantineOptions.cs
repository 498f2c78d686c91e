using System.Globalization;
using Vigil.Engine.Policy.Control;
using Vigil.Mime.Headers;

namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>
/// The quarantine keys of the `options` file:
/// <code>
///   quarantine=/var/spool/vigil/quarantine   # root of viruses/ policy/ spam/ and quarantine.log
///   quarantinedays=14                        # `vigil cleanup` removes older messages (1..36500)
///   reinject=/usr/sbin/sendmail              # program a release hands the message to
///                                            # (sendmail: -i; a program named qmail-inject: -a)
/// </code>
/// </summary>
public static class QuarantineOptions
{
    public const string RootKey = "quarantine";
    public const string DaysKey = "quarantinedays";
    public const string ReinjectKey = "reinject";

    public const string DefaultRoot = "/var/spool/vigil/quarantine";

    public static string Root(PolicyOptions options) => options.Get(RootKey) is { Length: > 0 } root ? root : DefaultRoot;

    public static string Reinject(PolicyOptions options) => options.Get(ReinjectKey) is { Length: > 0 } p ? p : SendmailReinjector.DefaultSendmail;

    /// <summary>
    /// The re-injection path a `reinject=` value names: `smtp:host[:port]` (port 25 by default) or
    /// a program (qmail-inject or sendmail); null with <paramref name="error"/> for a bad SMTP address.
    /// </summary>
    public static IReinjector? Reinjector(string value, out string? error)
    {
        error = null;
        if (!value.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase))
        {
            return new SendmailReinjector(value);
        }

        var rest = value["smtp:".Length..].Trim();
        var colon = rest.LastIndexOf(':');
        var host = colon < 0 ? rest : rest[..colon];
        var port = 25;
        if (host.Length == 0 || (colon >= 0 && !(int.TryParse(rest.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536)))
        {
            error = $"{ReinjectKey}: '{value}' is not smtp:host[:port]";
            return null;
        }

        return new SmtpReinjector(host, port);
    }

    /// <summary>The retention from `quarantinedays=`, or 14 days when unset; false when set but not a number of days.</summary>
    public static bool TryGetRetention(PolicyOptions options, out TimeSpan retention)
    {
        retention = QuarantineCleaner.DefaultRetention;
        if (options.Get(DaysKey) is not { } text)
        {
            return true;
        }

        if (TryParseDays(text, out var days))
        {
            retention = TimeSpan.FromDays(days);
            return true;
        }

        return false;
    }

    /// <summary>A whole number of days from 1 to 36500.</summary>
    public static bool TryParseDays(string text, out int days) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out days) && days is >= 1 and <= 36_500;

    /// <summary>One message per invalid quarantine key; empty when all are valid.</summary>
    public static IReadOnlyList<string> Validate(PolicyOptions options) =>
        options.Get(DaysKey) is { } text && !TryParseDays(text, out _)
            ? [$"{DaysKey}: '{text}' is not a number of days from 1 to 36500"]
            : [];
}
