using System.Text.RegularExpressions;

namespace Vigil.Engine.Scanners.Command;

/// <summary>
/// A command-line virus scanner with QHPSI's semantics, from a `scanners` line such as
/// `command uvscan /usr/local/bin/uvscan --secure {file} rc=13 maxsize=9000000`.
/// </summary>
/// <param name="Name">Names the scanner in findings and logs ("command:uvscan:...").</param>
/// <param name="Program">Absolute path, or a name looked up on PATH (QHPSI).</param>
/// <param name="Arguments">
/// Passed as they are (QHPSIARG1..3, any number here). "{file}" inside one is replaced by the path
/// of a temp file holding the input, with a generated name in a private directory; without
/// "{file}" the input goes to stdin.
/// </param>
public sealed record CommandScannerOptions(string Name, string Program, IReadOnlyList<string> Arguments)
{
    public const string FilePlaceholder = "{file}";

    /// <summary>clamdscan and clamscan: "stream: Eicar-Test-Signature FOUND".</summary>
    public static readonly Regex DefaultVirusName = new(": (.+) FOUND", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static readonly HashSet<string> Keys = ["rc", "cleanrc", "minsize", "maxsize", "name", "timeout", "target"];

    /// <summary>Exit codes that mean "infected" (QHPSIRC; clamdscan's 1 by default).</summary>
    public IReadOnlyList<int> InfectedExitCodes { get; init; } = [1];

    /// <summary>Exit codes that mean "clean"; any code in neither list is an error.</summary>
    public IReadOnlyList<int> CleanExitCodes { get; init; } = [0];

    /// <summary>Inputs smaller than this are not sent (QHPSIMINSIZE).</summary>
    public long MinSize { get; init; }

    /// <summary>Inputs larger than this are not sent (QHPSIMAXSIZE) and get a limits finding.</summary>
    public long MaxSize { get; init; } = long.MaxValue;

    /// <summary>
    /// Pulls the virus name out of stdout+stderr: the group "name", else group 1. A `scanners` line
    /// splits on blanks, so write a space in it as \s (name=:\s(.+)\sFOUND).
    /// </summary>
    public Regex VirusName { get; init; } = DefaultVirusName;

    /// <summary>After this the program's process group is killed and the message gets an error finding.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public CommandTarget Target { get; init; } = CommandTarget.Raw;

    /// <summary>True when the input is given as a file path rather than on stdin.</summary>
    public bool UsesFile
    {
        get
        {
            foreach (var argument in Arguments)
            {
                if (argument.Contains(FilePlaceholder, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Reads the tokens after the kind word: NAME PROGRAM [ARG...] [rc=N[,N]] [cleanrc=N[,N]]
    /// [minsize=SIZE] [maxsize=SIZE] [name=REGEX] [timeout=SECONDS] [target=raw|entities|both].
    /// </summary>
    public static bool TryParse(IReadOnlyList<string> tokens, out CommandScannerOptions? options, out string? error)
    {
        options = null;
        if (!OptionTokens.TrySplit(tokens, Keys, out var name, out var program, out var arguments, out var values, out error))
        {
            return false;
        }

        var result = new CommandScannerOptions(name, program, arguments);
        foreach (var (key, value) in values)
        {
            error = Apply(ref result, key, value);
            if (error is not null)
            {
                return false;
            }
        }

        foreach (var code in result.InfectedExitCodes)
        {
            if (result.CleanExitCodes.Contains(code))
            {
                error = $"exit code {code} cannot mean both infected (rc=) and clean (cleanrc=)";
                return false;
            }
        }

        if (result.MinSize > result.MaxSize)
        {
            error = "minsize= is above maxsize=";
            return false;
        }

        options = result;
        return true;
    }

    /// <summary>Sets one option; returns what is wrong with its value, or null.</summary>
    private static string? Apply(ref CommandScannerOptions result, string key, string value)
    {
        switch (key)
        {
            case "rc" when OptionTokens.TryParseExitCodes(value, out var codes):
                result = result with { InfectedExitCodes = codes };
                return null;
            case "rc":
                return "rc= wants exit codes 0..255, e.g. rc=1 or rc=1,13";
            case "cleanrc" when OptionTokens.TryParseExitCodes(value, out var codes):
                result = result with { CleanExitCodes = codes };
                return null;
            case "cleanrc":
                return "cleanrc= wants exit codes 0..255, e.g. cleanrc=0";
            case "minsize" when OptionTokens.TryParseSize(value, out var size):
                result = result with { MinSize = size };
                return null;
            case "minsize":
                return "minsize= wants a size, e.g. 100 or 10k";
            case "maxsize" when OptionTokens.TryParseSize(value, out var size):
                result = result with { MaxSize = size };
                return null;
            case "maxsize":
                return "maxsize= wants a size, e.g. 9000000 or 25m";
            case "timeout" when OptionTokens.TryParseSeconds(value, out var timeout):
                result = result with { Timeout = timeout };
                return null;
            case "timeout":
                return "timeout= wants seconds, more than 0 and at most 3600";
            case "target" when TryParseTarget(value, out var target):
                result = result with { Target = target };
                return null;
            case "target":
                return "target= wants raw, entities or both";
            default:
                if (!TryParseRegex(value, out var regex, out var why))
                {
                    return why;
                }

                result = result with { VirusName = regex };
                return null;
        }
    }

    private static bool TryParseTarget(string text, out CommandTarget target)
    {
        target = text switch
        {
            "raw" => CommandTarget.Raw,
            "entities" => CommandTarget.Entities,
            "both" => CommandTarget.Both,
            _ => (CommandTarget)(-1),
        };
        return Enum.IsDefined(target);
    }

    private static bool TryParseRegex(string text, out Regex regex, out string? error)
    {
        regex = DefaultVirusName;
        error = null;
        Regex parsed;
        try
        {
            parsed = new Regex(text, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            error = "name= is not a valid regular expression: " + e.Message;
            return false;
        }

        if (parsed.GetGroupNumbers().Length < 2)
        {
            error = @"name= needs a group around the virus name, e.g. name=:\s(.+)\sFOUND";
            return false;
        }

        regex = parsed;
        return true;
    }
}
