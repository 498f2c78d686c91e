using Vigil.Engine.Scanners.Command;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Scanners.CommandApi;

/// <summary>
/// QMVC's command API: a program (bogofilter, a DLP tool) that reads the raw message on stdin and
/// answers with its exit code, from a `scanners` line such as
/// `commandapi bogo /usr/bin/bogofilter -e map=0:spam,1:clean,2:clean`.
/// </summary>
/// <param name="Name">Names the program in findings ("commandapi:bogo:0").</param>
/// <param name="Program">Absolute path, or a name looked up on PATH.</param>
/// <param name="Arguments">Passed as they are, never through a shell.</param>
public sealed record CommandApiOptions(string Name, string Program, IReadOnlyList<string> Arguments)
{
    private static readonly HashSet<string> Keys = ["map", "timeout"];

    /// <summary>Exit codes and the finding each one gives; a code mapped to "clean" gives none.</summary>
    public IReadOnlyDictionary<int, FindingCategory> ExitCodeMap { get; init; } = new Dictionary<int, FindingCategory>();

    /// <summary>Exit codes that mean "nothing to report": 0 unless mapped, plus those mapped to "clean".</summary>
    public IReadOnlySet<int> CleanExitCodes { get; init; } = new HashSet<int> { 0 };

    /// <summary>After this the program's process group is killed and the message gets an error finding.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Reads the tokens after the kind word: NAME PROGRAM [ARG...] [map=CODE:WORD,...] [timeout=SECONDS].</summary>
    /// <remarks>WORD is clean, spam, error, limits, format, policy or virus.</remarks>
    public static bool TryParse(IReadOnlyList<string> tokens, out CommandApiOptions? options, out string? error)
    {
        options = null;
        if (!OptionTokens.TrySplit(tokens, Keys, out var name, out var program, out var arguments, out var values, out error))
        {
            return false;
        }

        var result = new CommandApiOptions(name, program, arguments);
        if (values.TryGetValue("timeout", out var text))
        {
            if (!OptionTokens.TryParseSeconds(text, out var timeout))
            {
                error = "timeout= wants seconds, more than 0 and at most 3600";
                return false;
            }

            result = result with { Timeout = timeout };
        }

        if (values.TryGetValue("map", out text))
        {
            if (!TryParseMap(text, out var map, out var clean, out error))
            {
                return false;
            }

            result = result with { ExitCodeMap = map, CleanExitCodes = clean };
        }

        options = result;
        return true;
    }

    private static bool TryParseMap(string text, out Dictionary<int, FindingCategory> map, out HashSet<int> clean, out string? error)
    {
        map = [];
        clean = [];
        error = null;
        foreach (var pair in text.Split(','))
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !OptionTokens.TryParseExitCode(pair[..colon], out var code))
            {
                error = $"map= wants CODE:WORD pairs with codes 0..255, e.g. map=1:spam,2:policy (got '{pair}')";
                return false;
            }

            if (map.ContainsKey(code) || clean.Contains(code))
            {
                error = $"map= names exit code {code} twice";
                return false;
            }

            var word = pair[(colon + 1)..];
            if (word == "clean")
            {
                clean.Add(code);
            }
            else if (TryParseCategory(word, out var category))
            {
                map.Add(code, category);
            }
            else
            {
                error = $"map= does not know '{word}' (clean, spam, error, limits, format, policy, virus)";
                return false;
            }
        }

        // Exit code 0 means "nothing to report" unless the map says otherwise (bogofilter says spam).
        if (!map.ContainsKey(0))
        {
            clean.Add(0);
        }

        return true;
    }

    private static bool TryParseCategory(string word, out FindingCategory category)
    {
        category = word switch
        {
            "spam" => FindingCategory.Spam,
            "error" => FindingCategory.Error,
            "limits" => FindingCategory.Limits,
            "format" => FindingCategory.Format,
            "policy" => FindingCategory.Policy,
            "virus" => FindingCategory.Virus,
            _ => 0,
        };
        return category != 0;
    }
}
