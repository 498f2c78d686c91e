namespace Vigil.Doors.Deliver;

/// <summary>
/// QMVC's dot-qmail arguments (seed 001, "qmvc accepts four arguments"), parsed the way getopt
/// parses `nuc:v:`, because that is how QMVC's users write them: flags combine (<c>-nu</c>,
/// <c>-uv-</c>), a value may follow its flag in the same word (<c>-v-</c>, <c>-cBASEDIR</c>) or in
/// the next one (<c>-v -</c>, <c>-c BASEDIR</c>). <c>-n</c> makes the virus scanners skip the
/// leaves `noscantypes` lists; <c>-u</c> adds the user's own profile; <c>-c BASEDIR</c> a common
/// profile; <c>-v PREPEND</c> strips a virtual-domain prefix from RECIPIENT. Vigil's own long
/// options (<c>--control</c>, <c>--profile</c>, <c>--clamd</c>) may be given too. Which
/// directories those flags mean is <see cref="DeliverProfiles"/>' business.
/// </summary>
public sealed class DeliverArguments
{
    /// <summary>Long options passed through to the common options, in order.</summary>
    public List<string> CommonArgs { get; } = [];

    /// <summary>The <c>-v</c> value: null keeps the recipient; "-" strips <c>$USER-</c>; else that literal.</summary>
    public string? StripPrefix { get; private set; }

    /// <summary>QMVC's -n: skip `noscantypes` leaves in the virus scanners whatever `options` says.</summary>
    public bool SkipNoScanTypes { get; private set; }

    /// <summary>QMVC's -u: the delivering user's own profile.</summary>
    public bool UserProfile { get; private set; }

    /// <summary>QMVC's -c BASEDIR: a common profile under BASEDIR.</summary>
    public string? BaseDirectory { get; private set; }

    /// <summary>Parses the arguments; null with <paramref name="error"/> set on a usage error.</summary>
    public static DeliverArguments? Parse(IReadOnlyList<string> args, out string? error)
    {
        var d = new DeliverArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            error = a.StartsWith("--", StringComparison.Ordinal) ? d.LongOption(args, ref i)
                : a.Length > 1 && a[0] == '-' ? d.ShortFlags(args, ref i)
                : $"deliver: unexpected argument \"{a}\" (dot-qmail flags are -n, -u, -c BASEDIR, -v PREPEND)";
            if (error is not null)
            {
                return null;
            }
        }

        error = null;
        return d;
    }

    /// <summary>The recipient with the virtual-domain prefix removed as <see cref="StripPrefix"/> says.</summary>
    /// <param name="user">qmail-local's USER, the account hosting the virtual domain.</param>
    public string Recipient(string recipient, string? user)
    {
        var prefix = StripPrefix == "-" ? (string.IsNullOrEmpty(user) ? null : user + "-") : StripPrefix;
        return prefix is { Length: > 0 } && recipient.StartsWith(prefix, StringComparison.Ordinal) && recipient.Length > prefix.Length
            ? recipient[prefix.Length..]
            : recipient;
    }

    private string? ShortFlags(IReadOnlyList<string> args, ref int i)
    {
        var word = args[i];
        for (var k = 1; k < word.Length; k++)
        {
            switch (word[k])
            {
                case 'n':
                    SkipNoScanTypes = true;
                    break;
                case 'u':
                    UserProfile = true;
                    break;
                case 'c' or 'v':
                    // getopt: the rest of this word is the value, else the next word is.
                    var flag = word[k];
                    string value;
                    if (k + 1 < word.Length)
                    {
                        value = word[(k + 1)..];
                    }
                    else if (i + 1 < args.Count)
                    {
                        value = args[++i];
                    }
                    else
                    {
                        return $"deliver: option -{flag} needs a value";
                    }

                    if (value.Length == 0)
                    {
                        return $"deliver: option -{flag} needs a value";
                    }

                    if (flag == 'c')
                    {
                        BaseDirectory = value;
                    }
                    else
                    {
                        StripPrefix = value;
                    }

                    return null;
                default:
                    return $"deliver: unknown flag -{word[k]} in \"{word}\" (dot-qmail flags are -n, -u, -c BASEDIR, -v PREPEND)";
            }
        }

        return null;
    }

    private string? LongOption(IReadOnlyList<string> args, ref int i)
    {
        var a = args[i];
        var eq = a.IndexOf('=', StringComparison.Ordinal);
        var name = eq < 0 ? a : a[..eq];
        if (name is not ("--control" or "--profile" or "--clamd"))
        {
            return $"deliver: unknown option \"{a}\"";
        }

        if (eq >= 0)
        {
            CommonArgs.AddRange([name, a[(eq + 1)..]]);
            return null;
        }

        if (i + 1 >= args.Count)
        {
            return $"deliver: option {a} needs a value";
        }

        CommonArgs.AddRange([name, args[++i]]);
        return null;
    }
}
