namespace Vigil.Commands;

/// <summary>
/// Options shared by the commands. The admin verbs fill it from System.CommandLine
/// (<see cref="CommonSymbols"/>); the qmail doors (`queue`, `deliver`, QHPSI's `scan`) with
/// <see cref="Parse"/>, a small getopt-style loop, because their argument contracts are qmail's
/// and a usage error there must defer the mail (71 / 111), not print help.
/// </summary>
public sealed class CommonOptions
{
    public string? ControlDirectory { get; internal set; } = CommandLine.ControlFromEnvironment;

    public bool Json { get; internal set; }

    public bool Verbose { get; internal set; }

    public List<string> ClamdAddresses { get; } = [];

    /// <summary>Profile directories laid over the control directory file by file, most specific last.</summary>
    public List<string> Profiles { get; } = [];

    public List<string> Paths { get; } = [];

    /// <summary>The envelope sender for the run, when given ("" or "&lt;&gt;" for the null sender).</summary>
    public string? Sender { get; internal set; }

    /// <summary>
    /// A profile named by the environment, laid under those of the command line: a tcpserver rule
    /// can pick one per client address range (`10.:allow,VIGIL_PROFILE="/etc/vigil/lan",...`).
    /// </summary>
    public const string ProfileVariable = "VIGIL_PROFILE";

    /// <summary>Options with what the environment gives: `VIGIL_CONTROL`, and `VIGIL_PROFILE` as the first profile.</summary>
    public static CommonOptions FromEnvironment()
    {
        var o = new CommonOptions();
        if (Environment.GetEnvironmentVariable(ProfileVariable) is { Length: > 0 } profile)
        {
            o.Profiles.Add(profile);
        }

        return o;
    }

    /// <summary>The doors' parser (see the type's summary); throws <see cref="UsageException"/>.</summary>
    public static CommonOptions Parse(string[] args)
    {
        var o = FromEnvironment();

        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            switch (a)
            {
                case "--control" or "-c":
                    o.ControlDirectory = CommandLine.Value(args, ref i, a);
                    break;
                case "--json":
                    o.Json = true;
                    break;
                case "-v" or "--verbose":
                    o.Verbose = true;
                    break;
                case "--sender":
                    o.Sender = CommandLine.Value(args, ref i, a);
                    break;
                case "--profile":
                    o.Profiles.Add(CommandLine.Value(args, ref i, a));
                    break;
                case "--clamd":
                    o.ClamdAddresses.Add(CommandLine.Value(args, ref i, a));
                    break;
                case "--":
                    o.Paths.AddRange(args[(i + 1)..]);
                    return o;
                default:
                    if (a.StartsWith("--control=", StringComparison.Ordinal))
                    {
                        o.ControlDirectory = a["--control=".Length..];
                    }
                    else if (a.Length > 1 && a[0] == '-')
                    {
                        throw new UsageException($"unknown option \"{a}\"");
                    }
                    else
                    {
                        o.Paths.Add(a);
                    }

                    break;
            }
        }

        return o;
    }
}
