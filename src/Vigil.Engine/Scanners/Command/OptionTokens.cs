using System.Globalization;
using Vigil.Engine.Policy.Control;
using Vigil.Mime.Headers;

namespace Vigil.Engine.Scanners.Command;

/// <summary>
/// The pieces of a `scanners` line both command scanners share: "NAME PROGRAM ARG... key=value...".
/// A token "key=value" with a known key is an option wherever it stands; one whose key is a bare
/// lower-case word nobody knows is an error (a misspelt `maxsize` must not silently become an
/// argument); anything else ("--config-file=/x", "{file}") is an argument.
/// </summary>
internal static class OptionTokens
{
    public const int MaxExitCode = 255;

    /// <summary>Splits the line into name, program, arguments and options; false with an error when malformed.</summary>
    public static bool TrySplit(
        IReadOnlyList<string> tokens,
        IReadOnlySet<string> knownKeys,
        out string name,
        out string program,
        out List<string> arguments,
        out Dictionary<string, string> options,
        out string? error)
    {
        name = "";
        program = "";
        arguments = [];
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        error = null;
        if (tokens.Count < 2)
        {
            error = "expected a name and a program";
            return false;
        }

        name = tokens[0];
        if (!IsValidName(name))
        {
            error = $"bad scanner name '{name}' (letters, digits, '.', '_', '-')";
            return false;
        }

        program = tokens[1];
        if (program.Length == 0 || program.Contains('=', StringComparison.Ordinal) || program.Contains('\0', StringComparison.Ordinal))
        {
            error = $"bad program '{program}'";
            return false;
        }

        for (var i = 2; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Contains('\0', StringComparison.Ordinal))
            {
                error = "an argument holds a NUL byte";
                return false;
            }

            var eq = token.IndexOf('=', StringComparison.Ordinal);
            var key = eq > 0 ? token[..eq] : "";
            if (knownKeys.Contains(key))
            {
                if (!options.TryAdd(key, token[(eq + 1)..]))
                {
                    error = $"option {key}= given twice";
                    return false;
                }
            }
            else if (IsLowerWord(key))
            {
                error = $"unknown option '{key}=' (known: {string.Join(", ", knownKeys.Order(StringComparer.Ordinal))})";
                return false;
            }
            else
            {
                arguments.Add(token);
            }
        }

        return true;
    }

    /// <summary>"13" or "1,13": exit codes 0..255.</summary>
    public static bool TryParseExitCodes(string text, out int[] codes)
    {
        var parts = text.Split(',');
        codes = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryParseExitCode(parts[i], out codes[i]))
            {
                codes = [];
                return false;
            }
        }

        return true;
    }

    public static bool TryParseExitCode(string text, out int code) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out code) && code <= MaxExitCode;

    /// <summary>Seconds, possibly with a fraction: more than 0, at most an hour.</summary>
    public static bool TryParseSeconds(string text, out TimeSpan timeout)
    {
        timeout = default;
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 3600)
        {
            return false;
        }

        timeout = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>Bytes, or with a k, m or g suffix.</summary>
    public static bool TryParseSize(string text, out long bytes) => ByteSize.TryParse(text, out bytes);

    private static bool IsValidName(string name)
    {
        if (name.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerWord(string key)
    {
        if (key.Length == 0)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiLetterLower(c))
            {
                return false;
            }
        }

        return true;
    }
}
