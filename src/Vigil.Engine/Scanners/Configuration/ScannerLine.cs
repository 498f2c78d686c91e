using System.Globalization;
using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Scanners.Configuration;

/// <summary>
/// One line of the `scanners` file taken apart: the kind, the positional words after it (targets,
/// a program and its arguments), the <c>key=value</c> settings and the common flags. A word in
/// double quotes is always positional, so a program argument may contain <c>=</c> or spaces.
/// Factories read their settings through <see cref="Get"/> and friends, which remember what was
/// read: a setting nobody read is reported as unknown.
/// </summary>
public sealed class ScannerLine
{
    /// <summary>Used when the line has no <c>timeout=</c>: the most one scanner may take on one message.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    private readonly Dictionary<string, string> _settings;
    private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);

    internal ScannerLine(string file, int number, string text, string kind, IReadOnlyList<string> arguments, Dictionary<string, string> settings, bool required)
    {
        File = file;
        Number = number;
        Text = text;
        Kind = kind;
        Arguments = arguments;
        _settings = settings;
        Required = required;
    }

    /// <summary>The file as messages name it (its path, or "(built-in)/scanners").</summary>
    public string File { get; }

    public int Number { get; }

    /// <summary>The whole line as written.</summary>
    public string Text { get; }

    /// <summary>The first word, lower-case: clamd, command, spamd, rspamd, commandapi...</summary>
    public string Kind { get; }

    /// <summary>The positional words after the kind, in order, quotes removed.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Every <c>key=value</c> as written (keys compare case-insensitively).</summary>
    public IReadOnlyDictionary<string, string> Settings => _settings;

    /// <summary>False when the line says <c>optional</c>: an outage is then logged, not an error.</summary>
    public bool Required { get; }

    /// <summary>Set by the parser from <c>timeout=SECONDS</c>, else <see cref="DefaultTimeout"/>.</summary>
    public TimeSpan Timeout { get; internal set; } = DefaultTimeout;

    /// <summary>A setting's value, or null; the key counts as known from now on.</summary>
    public string? Get(string key)
    {
        _read.Add(key);
        return _settings.TryGetValue(key, out var v) ? v : null;
    }

    /// <summary>A whole number in [min, max], or <paramref name="fallback"/> (with an error when malformed).</summary>
    public long GetNumber(string key, long fallback, long min, long max, ConfigErrors errors)
    {
        if (Get(key) is not { } text)
        {
            return fallback;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }

        errors.Error(this, $"{key}: '{text}' is not a whole number from {min} to {max}");
        return fallback;
    }

    /// <summary>A size in bytes (k, m, g suffixes allowed), or <paramref name="fallback"/> (with an error when malformed).</summary>
    public long GetSize(string key, long fallback, ConfigErrors errors)
    {
        if (Get(key) is not { } text)
        {
            return fallback;
        }

        if (ByteSize.TryParse(text, out var size))
        {
            return size;
        }

        errors.Error(this, $"{key}: '{text}' is not a size in bytes (e.g. 0, 9000000, 10m)");
        return fallback;
    }

    /// <summary>A yes/no setting, or <paramref name="fallback"/> (with an error when neither).</summary>
    public bool GetBool(string key, bool fallback, ConfigErrors errors)
    {
        if (Get(key) is not { } text)
        {
            return fallback;
        }

        if (YesNo.TryParse(text, out var value))
        {
            return value;
        }

        errors.Error(this, $"{key}: '{text}' is not yes or no");
        return fallback;
    }

    /// <summary>Settings present on the line that no one asked for: probably misspelt.</summary>
    internal IEnumerable<string> UnreadKeys()
    {
        foreach (var key in _settings.Keys)
        {
            if (!_read.Contains(key))
            {
                yield return key;
            }
        }
    }
}
