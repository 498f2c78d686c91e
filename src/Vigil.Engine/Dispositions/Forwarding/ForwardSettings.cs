using Vigil.Engine.Dispositions.Notifications;
using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Dispositions.Forwarding;

/// <summary>
/// QMVC's forwarding of blocked mail (seed 000, 4.5): `options` keys <c>forwardvirusmails=y</c> and
/// <c>forwardbadmails=y</c> switch it on (both off by default), the control files
/// <c>vmforward</c> (virus mail) and <c>bmforward</c> (bad mail: policy, format and limits blocks)
/// list the addresses, one per line. A copy goes out only when both the key and the file say so.
/// <c>forwardmaxsize=</c> caps the size of a forwarded message (default 10M; larger ones stay in
/// the quarantine only).
/// </summary>
public sealed class ForwardSettings
{
    public const string ForwardVirusKey = "forwardvirusmails";
    public const string ForwardBadKey = "forwardbadmails";
    public const string MaxSizeKey = "forwardmaxsize";
    public const string VirusFile = "vmforward";
    public const string BadMailFile = "bmforward";
    public const long DefaultMaxSize = 10L * 1024 * 1024;

    public bool ForwardVirusMail { get; init; }

    public bool ForwardBadMail { get; init; }

    /// <summary>Addresses that get a copy of virus mail.</summary>
    public IReadOnlyList<string> VirusAddresses { get; init; } = [];

    /// <summary>Addresses that get a copy of bad mail.</summary>
    public IReadOnlyList<string> BadMailAddresses { get; init; } = [];

    /// <summary>Largest original forwarded, in bytes.</summary>
    public long MaxSize { get; init; } = DefaultMaxSize;

    /// <summary>Forwarding off: nothing is ever forwarded.</summary>
    public static ForwardSettings Off { get; } = new();

    public bool IsOn => (ForwardVirusMail && VirusAddresses.Count > 0) || (ForwardBadMail && BadMailAddresses.Count > 0);

    /// <summary>Reads the settings of a profile; mistakes are reported and skipped, never thrown.</summary>
    public static ForwardSettings Load(ControlLayers layers, PolicyOptions options, ConfigReport report)
    {
        var maxSize = DefaultMaxSize;
        if (options.Get(MaxSizeKey) is { Length: > 0 } text)
        {
            if (ByteSize.TryParse(text, out var bytes) && bytes > 0)
            {
                maxSize = bytes;
            }
            else
            {
                report.Warning(ControlFileNames.Options, $"{MaxSizeKey}: '{HeaderText.Sanitize(text, 40)}' is not a size; using 10M");
            }
        }

        var settings = new ForwardSettings
        {
            ForwardVirusMail = options.GetBool(ForwardVirusKey, false),
            ForwardBadMail = options.GetBool(ForwardBadKey, false),
            VirusAddresses = Addresses(layers, VirusFile, report),
            BadMailAddresses = Addresses(layers, BadMailFile, report),
            MaxSize = maxSize,
        };

        // QMVC needs both; an address list without its switch is most likely a forgotten switch.
        if (!settings.ForwardVirusMail && settings.VirusAddresses.Count > 0)
        {
            report.Warning(VirusFile, $"addresses listed but {ForwardVirusKey}=y is not set in options; nothing is forwarded");
        }

        if (!settings.ForwardBadMail && settings.BadMailAddresses.Count > 0)
        {
            report.Warning(BadMailFile, $"addresses listed but {ForwardBadKey}=y is not set in options; nothing is forwarded");
        }

        return settings;
    }

    /// <summary>The file's addresses, each once (a copy goes out once per address).</summary>
    private static List<string> Addresses(ControlLayers layers, string name, ConfigReport report) =>
        [.. AddressListFile.Read(layers, name, report).Distinct(StringComparer.OrdinalIgnoreCase)];
}
