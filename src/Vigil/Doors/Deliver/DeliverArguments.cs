namespace Vigil.Doors.Deliver;

/// <summary>
/// QMVC's dot-qmail arguments, translated to the common options: <c>-u</c> lays the user's
/// <c>$HOME/vigil/control</c> over the system profile, <c>-c BASEDIR</c> lays a common profile,
/// <c>-v PREPEND</c> strips a virtual-domain prefix from RECIPIENT (<c>-v-</c>: everything up to
/// and including its first '-'), <c>-n</c> makes the virus scanners skip the leaves the control
/// file `noscantypes` lists (QMVC: "consult control/noscantypes to improve execution performance
/// for the external AV scanners", i.e. `skipnoscantypes=y` for this delivery), <c>--control DIR</c>
/// as everywhere.
/// </summary>
public sealed class DeliverArguments
{
    public List<string> CommonArgs { get; } = [];

    /// <summary>null: keep the recipient; "-": strip through the first '-'; else a prefix to strip.</summary>
    public string? StripPrefix { get; private set; }

    /// <summary>QMVC's -n: skip `noscantypes` leaves in the virus scanners whatever `options` says.</summary>
    public bool SkipNoScanTypes { get; private set; }

    /// <summary>Parses the arguments; null with <paramref name="error"/> set on a usage error.</summary>
    public static DeliverArguments? Parse(string[] args, string? home, out string? error)
    {
        var d = new DeliverArguments();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-u":
                    if (home is { Length: > 0 } && Directory.Exists(Path.Combine(home, "vigil", "control")))
                    {
                        d.CommonArgs.AddRange(["--profile", Path.Combine(home, "vigil", "control")]);
                    }

                    break;
                case "-c" when i + 1 < args.Length:
                    d.CommonArgs.AddRange(["--profile", args[++i]]);
                    break;
                case "-n":
                    d.SkipNoScanTypes = true;
                    break;
                case "-v-":
                    d.StripPrefix = "-";
                    break;
                case "-v" when i + 1 < args.Length:
                    d.StripPrefix = args[++i];
                    break;
                case "--control" or "--profile" or "--clamd" when i + 1 < args.Length:
                    d.CommonArgs.AddRange([args[i], args[++i]]);
                    break;
                default:
                    error = $"deliver: unknown or incomplete option \"{args[i]}\"";
                    return null;
            }
        }

        return d;
    }

    /// <summary>The recipient with the virtual-domain prefix removed as <see cref="StripPrefix"/> says.</summary>
    public string Recipient(string recipient)
    {
        if (StripPrefix is null)
        {
            return recipient;
        }

        if (StripPrefix == "-")
        {
            var dash = recipient.IndexOf('-', StringComparison.Ordinal);
            return dash >= 0 ? recipient[(dash + 1)..] : recipient;
        }

        return recipient.StartsWith(StripPrefix, StringComparison.Ordinal) ? recipient[StripPrefix.Length..] : recipient;
    }
}
