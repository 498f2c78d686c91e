using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>
/// Unique Maildir file names of the form `time.pid_counter_random.hostname` (seconds since the
/// epoch, process id, a per-process counter, 64 random bits in hex, the host name with anything
/// but letters, digits, '-' and '.' replaced by '_'). The name is also the quarantine id. Only
/// names of exactly this shape are ever opened, released or cleaned up, so an id typed by an admin
/// can never reach outside the folder and clean-up never touches a file Vigil did not create.
/// A Maildir reader may append its info (":2,S") when it moves a file to cur/.
/// </summary>
public static partial class MaildirName
{
    private static readonly string HostPart = SanitizeHost(Environment.MachineName);
    private static long _counter;

    /// <summary>A new unique name for this host and process.</summary>
    public static string Next(DateTimeOffset now)
    {
        var counter = Interlocked.Increment(ref _counter);
        var random = RandomNumberGenerator.GetHexString(16, lowercase: true);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{now.ToUnixTimeSeconds()}.{Environment.ProcessId}_{counter}_{random}.{HostPart}");
    }

    /// <summary>True when <paramref name="id"/> is a name <see cref="Next"/> could have made (no info suffix).</summary>
    public static bool IsValidId(string id) => id.Length <= 300 && IdPattern().IsMatch(id);

    /// <summary>
    /// The id of a file name in new/, cur/ or tmp/ (the part before ":2,..."), and its Maildir
    /// flags; false when the name is not one of ours.
    /// </summary>
    public static bool TryParseFileName(string fileName, out string id, out string flags)
    {
        id = fileName;
        flags = "";
        var colon = fileName.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var info = fileName.AsSpan(colon + 1);
            if (!info.StartsWith("2,", StringComparison.Ordinal) || !AllFlagLetters(info[2..]))
            {
                return false;
            }

            flags = info[2..].ToString();
            id = fileName[..colon];
        }

        return IsValidId(id);
    }

    /// <summary>The file name for <paramref name="id"/> with <paramref name="flags"/> (sorted, as Maildir asks).</summary>
    public static string WithFlags(string id, string flags)
    {
        var letters = flags.ToCharArray();
        Array.Sort(letters);
        return id + ":2," + new string(letters);
    }

    private static bool AllFlagLetters(ReadOnlySpan<char> flags)
    {
        foreach (var c in flags)
        {
            if (!char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string SanitizeHost(string host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return "localhost";
        }

        var chars = host.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] is not '-' and not '.')
            {
                chars[i] = '_';
            }
        }

        return new string(chars, 0, Math.Min(chars.Length, 200));
    }

    [GeneratedRegex(@"^[0-9]{1,12}\.[0-9]{1,10}_[0-9]{1,19}_[0-9a-f]{16}\.[A-Za-z0-9._-]{1,200}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
